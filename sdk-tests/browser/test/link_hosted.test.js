'use strict';
// Hosted Link: the same flow as a top-level page at hosted_link_url, reported to the app's server by LINK webhooks.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const { eventually, launch, linkToken, settings, shot, startApp } = require('../lib/harness');

const server = settings();

describe('Link: hosted Link', { skip: server.skip }, () => {
  let browser;
  let app;
  before(async () => { browser = await launch(); app = await startApp(server); });
  after(async () => { await browser?.close(); await app?.close(); });

  const sessionWebhooks = (token) => app.webhooks.filter((w) => w.webhook_type === 'LINK' && w.link_token === token);

  test('a hosted session ends at completion_redirect_uri with ITEM_ADD_RESULT and SESSION_FINISHED', async () => {
    const created = await linkToken(app, { hosted_link: { completion_redirect_uri: `${app.origin}/done` } });
    const page = await browser.context.newPage();
    await page.goto(created.hosted_link_url);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Search').fill('First Platypus');
    await page.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await page.getByLabel('Username', { exact: true }).fill('user_good');
    await page.getByLabel('Password', { exact: true }).fill('pass_good');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('checkbox', { name: 'Plaid Checking 0000' }).check();
    await shot(page, 'hosted-accounts');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${app.origin}/done`);

    const hooks = await eventually(() => sessionWebhooks(created.link_token).length === 2 && sessionWebhooks(created.link_token), 'LINK webhooks');
    const added = hooks.find((w) => w.webhook_code === 'ITEM_ADD_RESULT');
    const finished = hooks.find((w) => w.webhook_code === 'SESSION_FINISHED');
    assert.equal(finished.status, 'SUCCESS');
    assert.deepEqual(finished.public_tokens, [added.public_token]);
    assert.equal(finished.link_session_id, added.link_session_id);
    assert.equal(finished.environment, 'sandbox');
    const { data } = await app.client.itemPublicTokenExchange({ public_token: added.public_token });
    const { data: accounts } = await app.client.accountsGet({ access_token: data.access_token });
    assert.deepEqual(accounts.accounts.map((a) => a.mask), ['0000']);
    await page.close();
  });

  test('leaving a hosted session without a redirect says the window can be closed', async () => {
    const created = await linkToken(app, { hosted_link: {} });
    const page = await browser.context.newPage();
    await page.goto(created.hosted_link_url);
    await page.getByRole('button', { name: 'Continue' }).waitFor();
    await page.getByRole('button', { name: 'Exit' }).click();
    await page.getByRole('heading', { name: 'You can close this window' }).waitFor();
    await shot(page, 'hosted-closed');
    const [finished] = await eventually(() => sessionWebhooks(created.link_token).length && sessionWebhooks(created.link_token), 'SESSION_FINISHED');
    assert.equal(finished.webhook_code, 'SESSION_FINISHED');
    assert.equal(finished.status, 'EXITED');
    assert.deepEqual(finished.public_tokens, []);
    await page.close();
  });
});
