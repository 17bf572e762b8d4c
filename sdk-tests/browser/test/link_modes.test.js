'use strict';
// Update mode after /sandbox/item/reset_login, OAuth institutions (in the frame, and with redirect_uri).
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const { eventually, launch, linkToken, openLink, settings, shot, startApp, waitForLog } = require('../lib/harness');

const server = settings();

describe('Link: update mode and OAuth', { skip: server.skip }, () => {
  let browser;
  let app;
  before(async () => { browser = await launch(); app = await startApp(server); });
  after(async () => { await browser?.close(); await app?.close(); });

  async function itemWithWebhook() {
    const webhook = `${app.origin.replace('localhost', '127.0.0.1')}/webhook`;
    const { data: created } = await app.client.sandboxPublicTokenCreate({
      institution_id: 'ins_109508', initial_products: ['auth'], options: { webhook },
    });
    const { data } = await app.client.itemPublicTokenExchange({ public_token: created.public_token });
    return data;
  }

  function webhooksFor(itemId, code) {
    return app.webhooks.filter((w) => w.item_id === itemId && w.webhook_code === code);
  }

  test('reset_login breaks the Item; update mode repairs the same Item and fires LOGIN_REPAIRED', async () => {
    const item = await itemWithWebhook();
    const { data: reset } = await app.client.sandboxItemResetLogin({ access_token: item.access_token });
    assert.equal(reset.reset_login, true);
    const refused = await app.client.accountsGet({ access_token: item.access_token }).catch((e) => e.response);
    assert.equal(refused.status, 400);
    assert.equal(refused.data.error_code, 'ITEM_LOGIN_REQUIRED');
    const { data: broken } = await app.client.itemGet({ access_token: item.access_token });
    assert.equal(broken.item.error.error_code, 'ITEM_LOGIN_REQUIRED');
    const [errorHook] = await eventually(() => webhooksFor(item.item_id, 'ERROR').length && webhooksFor(item.item_id, 'ERROR'), 'ITEM ERROR');
    assert.equal(errorHook.error.error_code, 'ITEM_LOGIN_REQUIRED');

    const { link_token: token } = await linkToken(app, { access_token: item.access_token, products: undefined });
    const page = await browser.context.newPage();
    const link = await openLink(page, app, token);
    await link.getByRole('heading', { name: 'Log in to First Platypus Bank' }).waitFor();
    await shot(page, 'update-credentials');
    await link.getByLabel('Username', { exact: true }).fill('user_good');
    await link.getByLabel('Password', { exact: true }).fill('pass_good');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('heading', { name: 'Success' }).waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();
    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    assert.ok(log.events.every((e) => e.metadata.is_update_mode === true));
    assert.ok(!log.events.some((e) => e.metadata.view_name === 'SELECT_INSTITUTION' || e.metadata.view_name === 'SELECT_ACCOUNT'));
    assert.equal(log.success.metadata.institution.institution_id, 'ins_109508');

    const { data: repaired } = await app.client.accountsGet({ access_token: item.access_token });
    assert.equal(repaired.item.item_id, item.item_id);
    const { data: fine } = await app.client.itemGet({ access_token: item.access_token });
    assert.equal(fine.item.error, null);
    await eventually(() => webhooksFor(item.item_id, 'LOGIN_REPAIRED').length, 'ITEM LOGIN_REPAIRED');
    await page.close();
  });

  test('update mode shows account select only when the token asks for it', async () => {
    const item = await itemWithWebhook();
    const { link_token: token } = await linkToken(app, {
      access_token: item.access_token, products: undefined, update: { account_selection_enabled: true },
    });
    const page = await browser.context.newPage();
    const link = await openLink(page, app, token);
    await link.getByLabel('Username', { exact: true }).fill('user_good');
    await link.getByLabel('Password', { exact: true }).fill('pass_good');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('checkbox', { name: 'Plaid Saving 1111' }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Continue' }).click();
    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    const { data } = await app.client.accountsGet({ access_token: item.access_token });
    const saving = data.accounts.find((a) => a.mask === '1111');
    assert.deepEqual(log.success.metadata.accounts.map((a) => a.id), [saving.account_id]);
    await page.close();
  });

  async function chooseOAuthBank(link) {
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByLabel('Search').fill('oauth');
    await link.getByRole('button', { name: 'Platypus OAuth Bank', exact: true }).click();
    await link.getByRole('heading', { name: 'Continue to Platypus OAuth Bank' }).waitFor();
  }

  async function finish(link, page) {
    await link.getByRole('checkbox', { name: 'Plaid Checking 0000' }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Continue' }).click();
    return waitForLog(page, (l) => l.success, 'onSuccess');
  }

  test('an OAuth institution logs in on the bank page inside Link', async () => {
    const { link_token: token } = await linkToken(app);
    const page = await browser.context.newPage();
    const link = await openLink(page, app, token);
    await chooseOAuthBank(link);
    await shot(page, 'oauth-1-handoff');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Allow' }).waitFor();
    await shot(page, 'oauth-2-bank');
    await link.getByRole('button', { name: 'Allow' }).click();
    const log = await finish(link, page);
    assert.equal(log.success.metadata.institution.institution_id, 'ins_127287');
    assert.ok(log.events.some((e) => e.name === 'OPEN_OAUTH'));
    assert.equal(new Set(log.events.map((e) => e.metadata.link_session_id)).size, 1, 'one session throughout');
    await app.client.itemPublicTokenExchange({ public_token: log.success.public_token });
    await page.close();
  });

  test('with redirect_uri the bank page takes the window and Link resumes from receivedRedirectUri', async () => {
    const { link_token: token } = await linkToken(app, { redirect_uri: `${app.origin}/oauth-return` });
    const page = await browser.context.newPage();
    const link = await openLink(page, app, token);
    await chooseOAuthBank(link);
    await link.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Allow' }).click(); // the bank page is the whole window now
    await page.waitForURL(/\/oauth-return\?oauth_state_id=/);
    const resumed = page.getByTitle('Link').contentFrame();
    const log = await finish(resumed, page);
    assert.equal(log.success.metadata.institution.institution_id, 'ins_127287');
    assert.match(page.url(), new RegExp(`oauth_state_id=${log.success.metadata.link_session_id}`));
    await page.close();
  });

  test('denying access at the bank ends in ACCESS_NOT_GRANTED', async () => {
    const { link_token: token } = await linkToken(app);
    const page = await browser.context.newPage();
    const link = await openLink(page, app, token);
    await chooseOAuthBank(link);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Deny' }).click();
    await link.getByText('ACCESS_NOT_GRANTED').waitFor();
    await link.getByRole('button', { name: 'Exit' }).click();
    const log = await waitForLog(page, (l) => l.exit, 'onExit');
    assert.equal(log.exit.error.error_code, 'ACCESS_NOT_GRANTED');
    assert.equal(log.exit.metadata.institution.institution_id, 'ins_127287');
    await page.close();
  });
});
