'use strict';
// The core sandbox flow in a real browser, at desktop and phone widths and by keyboard alone:
// create token -> open -> consent -> search/select -> credentials -> account select -> success -> onSuccess ->
// the app's server exchanges the public token with the official SDK and reads exactly the chosen accounts.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const { launch, linkLog, linkToken, openLink, settings, shot, startApp, waitForLog } = require('../lib/harness');

const server = settings();

describe('Link: the core sandbox flow', { skip: server.skip }, () => {
  let browser;
  let app;
  before(async () => { browser = await launch(); app = await startApp(server); });
  after(async () => { await browser?.close(); await app?.close(); });

  async function connect(page, prefix) {
    const { link_token: token } = await linkToken(app);
    const link = await openLink(page, app, token);
    await link.getByRole('heading', { name: /Test App uses Tartan/ }).waitFor();
    assert.equal((await linkLog(page)).loaded, 1, 'onLoad is called once');
    await shot(page, `${prefix}-1-consent`);
    await link.getByRole('button', { name: 'Continue' }).click();

    await link.getByLabel('Search').fill('platypus');
    await link.getByRole('button', { name: 'First Gingham Credit Union' }).waitFor({ state: 'detached' });
    await link.getByRole('button', { name: 'First Platypus Balance Bank', exact: true }).waitFor();
    await shot(page, `${prefix}-2-institutions`);
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();

    await link.getByLabel('Username', { exact: true }).fill('user_good');
    await link.getByLabel('Password', { exact: true }).fill('pass_good');
    await shot(page, `${prefix}-3-credentials`);
    await link.getByRole('button', { name: 'Submit' }).click();

    await link.getByRole('checkbox', { name: 'Plaid Checking 0000' }).check();
    await link.getByRole('checkbox', { name: 'Plaid Saving 1111' }).check();
    assert.equal(await link.getByRole('checkbox', { name: /Plaid Credit Card/ }).count(), 0, 'auth lists depository accounts only');
    await shot(page, `${prefix}-4-accounts`);
    await link.getByRole('button', { name: 'Continue' }).click();

    await link.getByRole('heading', { name: 'Success' }).waitFor();
    await shot(page, `${prefix}-5-success`);
    await link.getByRole('button', { name: 'Continue' }).click();
    return waitForLog(page, (log) => log.success, 'onSuccess');
  }

  async function assertExchangeGivesTheChosenAccounts(log) {
    const { public_token: publicToken, metadata } = log.success;
    assert.match(publicToken, /^public-sandbox-/);
    assert.equal(metadata.public_token, publicToken);
    assert.deepEqual(metadata.institution, { name: 'First Platypus Bank', institution_id: 'ins_109508' });
    assert.deepEqual(metadata.accounts.map((a) => [a.name, a.mask, a.type, a.subtype]),
      [['Plaid Checking', '0000', 'depository', 'checking'], ['Plaid Saving', '1111', 'depository', 'savings']]);
    for (const account of metadata.accounts) assert.ok('verification_status' in account);
    const { data: exchanged } = await app.client.itemPublicTokenExchange({ public_token: publicToken });
    const { data: accounts } = await app.client.accountsGet({ access_token: exchanged.access_token });
    assert.deepEqual(accounts.accounts.map((a) => a.account_id), metadata.accounts.map((a) => a.id));
    assert.equal(accounts.item.institution_id, 'ins_109508');
    return exchanged;
  }

  function assertEvents(log) {
    const names = log.events.map((e) => e.name);
    for (const name of ['OPEN', 'TRANSITION_VIEW', 'SEARCH_INSTITUTION', 'SELECT_INSTITUTION', 'SUBMIT_CREDENTIALS', 'HANDOFF']) {
      assert.ok(names.includes(name), `onEvent('${name}') missing from ${names}`);
    }
    assert.equal(names[0], 'OPEN');
    assert.equal(names.at(-1), 'HANDOFF');
    const views = log.events.filter((e) => e.name === 'TRANSITION_VIEW').map((e) => e.metadata.view_name);
    assert.deepEqual(views, ['CONSENT', 'SELECT_INSTITUTION', 'CREDENTIAL', 'SELECT_ACCOUNT', 'CONNECTED']);
    const session = log.success.metadata.link_session_id;
    for (const event of log.events) {
      assert.equal(event.metadata.link_session_id, session, event.name);
      assert.ok(event.metadata.request_id, `${event.name} has a request_id`);
      assert.ok(!Number.isNaN(Date.parse(event.metadata.timestamp)), `${event.name} has a timestamp`);
    }
    const search = log.events.find((e) => e.name === 'SEARCH_INSTITUTION');
    assert.equal(search.metadata.institution_search_query, 'platypus');
    const selected = log.events.find((e) => e.name === 'SELECT_INSTITUTION');
    assert.equal(selected.metadata.institution_id, 'ins_109508');
  }

  test('desktop: the flow ends in onSuccess and the SDK exchanges the public token', async () => {
    const page = await browser.context.newPage();
    const log = await connect(page, 'desktop');
    assertEvents(log);
    await assertExchangeGivesTheChosenAccounts(log);
    assert.equal(log.exit, null);
    assert.equal(await page.getByTitle('Link').isVisible(), false, 'Link closes after onSuccess');
    await page.close();
  });

  test('phone width: the same flow works at 375 px', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    const log = await connect(page, 'phone');
    await assertExchangeGivesTheChosenAccounts(log);
    await page.close();
  });

  test('keyboard alone completes the flow', async () => {
    const page = await browser.context.newPage();
    const { link_token: token } = await linkToken(app, { products: ['identity'] });
    await page.goto(`${app.origin}/`);
    await page.evaluate((t) => window.app.create(t), token);
    await page.getByRole('button', { name: 'Connect a bank account' }).focus();
    await page.keyboard.press('Enter');
    const link = page.getByTitle('Link').contentFrame();
    await link.getByRole('button', { name: 'Continue' }).waitFor();
    await page.keyboard.press('Enter'); // consent: Continue has the focus
    await link.getByLabel('Search').waitFor();
    await page.keyboard.type('First Platypus');
    await link.getByRole('button', { name: 'First Gingham Credit Union' }).waitFor({ state: 'detached' });
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).waitFor();
    await link.getByRole('button', { name: 'First Platypus Balance Bank', exact: true }).waitFor();
    await page.keyboard.press('Tab'); // the first result
    await page.keyboard.press('Enter');
    await link.getByLabel('Username', { exact: true }).waitFor();
    await page.keyboard.type('user_good');
    await page.keyboard.press('Tab');
    await page.keyboard.type('pass_good');
    await page.keyboard.press('Enter');
    const first = link.getByRole('checkbox', { name: 'Plaid Checking 0000' });
    await first.waitFor();
    await page.keyboard.press('Space'); // the first account has the focus
    assert.equal(await first.isChecked(), true);
    await link.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await link.getByRole('heading', { name: 'Success' }).waitFor();
    await page.keyboard.press('Enter');
    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    assert.deepEqual(log.success.metadata.accounts.map((a) => a.name), ['Plaid Checking']);
    await page.close();
  });
});
