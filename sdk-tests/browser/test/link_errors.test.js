'use strict';
// Error panes, retries, MFA, and leaving Link: every ending reaches the page through onEvent/onExit.
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');
const { launch, linkToken, openLink, settings, shot, startApp, waitForLog } = require('../lib/harness');

const server = settings();

describe('Link: errors, MFA and exits', { skip: server.skip }, () => {
  let browser;
  let app;
  before(async () => { browser = await launch(); app = await startApp(server); });
  after(async () => { await browser?.close(); await app?.close(); });

  async function toCredentials(page, products = ['identity']) {
    const { link_token: token } = await linkToken(app, { products });
    const link = await openLink(page, app, token);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await link.getByLabel('Username', { exact: true }).waitFor();
    return link;
  }

  async function logIn(link, username, password) {
    await link.getByLabel('Username', { exact: true }).fill(username);
    await link.getByLabel('Password', { exact: true }).fill(password);
    await link.getByRole('button', { name: 'Submit' }).click();
  }

  test('an unknown link token shows an error pane whose Exit ends in onExit(INVALID_LINK_TOKEN)', async () => {
    const page = await browser.context.newPage();
    const link = await openLink(page, app, 'link-sandbox-00000000-0000-4000-8000-000000000000');
    await link.getByText('INVALID_LINK_TOKEN').waitFor();
    await shot(page, 'error-invalid-link-token');
    assert.equal(await link.getByRole('button', { name: 'Exit' }).count(), 1, 'one Exit control');
    await link.getByRole('button', { name: 'Exit' }).click();
    const log = await waitForLog(page, (l) => l.exit, 'onExit');
    assert.equal(log.exit.error.error_code, 'INVALID_LINK_TOKEN');
    assert.equal(log.exit.error.error_type, 'INVALID_INPUT');
    assert.ok('link_session_id' in log.exit.metadata && 'request_id' in log.exit.metadata && 'status' in log.exit.metadata);
    assert.ok(log.events.some((e) => e.name === 'ERROR' && e.metadata.error_code === 'INVALID_LINK_TOKEN'));
    await page.close();
  });

  test('a used link token is refused like an unknown one', async () => {
    const page = await browser.context.newPage();
    const { link_token: token } = await linkToken(app, { products: ['identity'] });
    let link = await openLink(page, app, token);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await logIn(link, 'user_good', 'pass_good');
    await link.getByRole('checkbox', { name: 'Plaid Checking 0000' }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Continue' }).click();
    await waitForLog(page, (l) => l.success, 'onSuccess');
    link = await openLink(page, app, token);
    await link.getByText('INVALID_LINK_TOKEN').waitFor();
    await page.close();
  });

  test('error_INSTITUTION_DOWN shows the error pane, onEvent(ERROR) and onExit with the error', async () => {
    const page = await browser.context.newPage();
    const link = await toCredentials(page);
    await logIn(link, 'user_good', 'error_INSTITUTION_DOWN');
    await link.getByText('INSTITUTION_DOWN').waitFor();
    await shot(page, 'error-institution-down');
    assert.equal(await link.getByRole('button', { name: 'Try again' }).count(), 0);
    await link.getByRole('button', { name: 'Exit' }).click();
    const log = await waitForLog(page, (l) => l.exit, 'onExit');
    const error = log.events.find((e) => e.name === 'ERROR');
    assert.equal(error.metadata.error_code, 'INSTITUTION_DOWN');
    assert.equal(error.metadata.error_type, 'INSTITUTION_ERROR');
    assert.equal(log.exit.error.error_code, 'INSTITUTION_DOWN');
    assert.deepEqual(log.exit.metadata.institution, { name: 'First Platypus Bank', institution_id: 'ins_109508' });
    assert.equal(log.exit.metadata.status, 'requires_credentials');
    assert.equal(log.events.at(-1).name, 'EXIT');
    await page.close();
  });

  test('wrong credentials can be retried; the third failure locks the Item', async () => {
    const page = await browser.context.newPage();
    const link = await toCredentials(page);
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await logIn(link, 'user_bad', 'pass_good');
      await link.getByText('INVALID_CREDENTIALS').waitFor();
      if (attempt === 1) await shot(page, 'error-invalid-credentials');
      await link.getByRole('button', { name: 'Try again' }).click();
      await link.getByLabel('Username', { exact: true }).waitFor();
    }
    await logIn(link, 'user_bad', 'pass_good');
    await link.getByText('ITEM_LOCKED').waitFor();
    await link.getByRole('button', { name: 'Exit' }).click();
    const log = await waitForLog(page, (l) => l.exit, 'onExit');
    assert.equal(log.exit.error.error_code, 'ITEM_LOCKED');
    const errors = log.events.filter((e) => e.name === 'ERROR').map((e) => e.metadata.error_code);
    assert.deepEqual(errors, ['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'ITEM_LOCKED']);
    await page.close();
  });

  test('mfa_device asks for the code 1234 in a numeric text field', async () => {
    const page = await browser.context.newPage();
    const link = await toCredentials(page);
    await logIn(link, 'user_good', 'mfa_device');
    const code = link.getByLabel('Code', { exact: true });
    await code.waitFor();
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    assert.equal(await code.getAttribute('type'), 'text');
    await code.fill('0000');
    await shot(page, 'mfa-device');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByText('INVALID_MFA').waitFor();
    await link.getByRole('button', { name: 'Try again' }).click();
    await link.getByLabel('Code', { exact: true }).fill('1234');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('checkbox', { name: 'Plaid Checking 0000' }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Continue' }).click();
    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    const mfa = log.events.filter((e) => e.name === 'SUBMIT_MFA');
    assert.equal(mfa.length, 2);
    assert.equal(mfa[0].metadata.mfa_type, 'device');
    assert.ok(log.events.some((e) => e.name === 'TRANSITION_VIEW' && e.metadata.view_name === 'MFA'));
    await page.close();
  });

  test('mfa_questions_1_2 and mfa_selections are answered as Plaid documents', async () => {
    const page = await browser.context.newPage();
    let link = await toCredentials(page);
    await logIn(link, 'user_good', 'mfa_questions_1_2');
    await link.getByLabel(/Question 1 of round 1/).fill('answer_1_1');
    await link.getByLabel(/Question 2 of round 1/).fill('answer_1_2');
    await shot(page, 'mfa-questions');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('checkbox', { name: 'Plaid Checking 0000' }).waitFor();
    await page.close();

    const second = await browser.context.newPage();
    link = await toCredentials(second);
    await logIn(link, 'user_good', 'mfa_selections');
    await link.getByRole('radio', { name: 'Yes' }).check();
    await shot(second, 'mfa-selections');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('checkbox', { name: 'Plaid Checking 0000' }).waitFor();
    await second.close();
  });

  test('the close control "Exit" ends in onExit with the pane status and no error', async () => {
    const page = await browser.context.newPage();
    const link = await toCredentials(page);
    await link.getByRole('button', { name: 'Exit' }).click();
    const log = await waitForLog(page, (l) => l.exit, 'onExit');
    assert.equal(log.exit.error, null);
    assert.equal(log.exit.metadata.status, 'requires_credentials');
    assert.ok(log.exit.metadata.link_session_id);
    await page.close();
  });

  test('exit({force: true}) closes Link at once with the last error', async () => {
    const page = await browser.context.newPage();
    const link = await toCredentials(page);
    await logIn(link, 'user_bad', 'pass_good');
    await link.getByText('INVALID_CREDENTIALS').waitFor();
    await page.evaluate(() => window.app.handler.exit({ force: true }));
    const log = await waitForLog(page, (l) => l.exit, 'onExit');
    assert.equal(log.exit.error.error_code, 'INVALID_CREDENTIALS');
    assert.equal(await page.getByTitle('Link').isVisible(), false);
    await page.close();
  });

  test('user_custom with a JSON configuration gives its accounts', async () => {
    const page = await browser.context.newPage();
    const link = await toCredentials(page);
    const config = { override_accounts: [{ type: 'depository', subtype: 'checking', meta: { name: 'Everyday', mask: '4242' } }] };
    await logIn(link, 'user_custom', JSON.stringify(config));
    await link.getByRole('checkbox', { name: 'Everyday 4242' }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Continue' }).click();
    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    const { data } = await app.client.itemPublicTokenExchange({ public_token: log.success.public_token });
    const { data: accounts } = await app.client.accountsGet({ access_token: data.access_token });
    assert.deepEqual(accounts.accounts.map((a) => [a.name, a.mask]), [['Everyday', '4242']]);
    await page.close();
  });
});
