'use strict';
// The operator console (/console) in headless Chromium: sign in with the admin token, move around with the
// keyboard only, fire a webhook, set an Item error (then repair it through Link's update mode, as an app
// would), and retry a failed webhook. Screenshots of every page go to artifacts/<backend>/console-*.png.
const assert = require('node:assert/strict');
const http = require('node:http');
const { after, before, describe, test } = require('node:test');
const { BASE_PATH, eventually, launch, linkToken, openLink, settings, shot, startApp, waitForLog } = require('../lib/harness');

const server = settings();
const ADMIN_TOKEN = process.env.TARTAN_ADMIN_TOKEN;
const skip = server.skip || (!ADMIN_TOKEN && 'TARTAN_ADMIN_TOKEN not set: sdk-tests/run.sh sets it');

// A webhook receiver that answers 500 until told otherwise.
async function startReceiver() {
  const received = [];
  let status = 500;
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push({ body: JSON.parse(body), status, verification: request.headers['plaid-verification'] });
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${receiver.address().port}/hooks`,
    received,
    answer: (next) => { status = next; },
    close: () => new Promise((resolve) => receiver.close(resolve)),
  };
}

// Presses Tab until the focused element matches `predicate` (a function of {tag, text, name}).
async function tabTo(page, predicate, what) {
  for (let i = 0; i < 200; i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { tag: el.tagName, text: (el.textContent || '').trim(), name: el.getAttribute('name') || '', value: el.value || '' };
    });
    if (predicate(focused)) return focused;
  }
  throw new Error(`could not reach ${what} with the Tab key`);
}

describe('Console', { skip }, () => {
  let browser;
  let app;
  let receiver;
  let page;
  const consoleUrl = (path = '') => `${server.url}${BASE_PATH}/console${path}`;

  before(async () => {
    browser = await launch();
    app = await startApp(server);
    receiver = await startReceiver();
    page = await browser.context.newPage();
    // Every action asks for confirmation with its effect; the operator accepts.
    page.on('dialog', (dialog) => dialog.accept());
  });
  after(async () => { await page?.close(); await browser?.close(); await app?.close(); await receiver?.close(); });

  test('a wrong token is refused and the admin token signs in', async () => {
    await page.goto(consoleUrl('/items'));
    assert.ok(page.url().endsWith('/console/sign-in'), 'no session: sent to sign-in');
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.keyboard.press('Enter');
    await page.getByText('That is not the admin token.').waitFor();
    await shot(page, 'console-sign-in-refused');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await shot(page, 'console-clients');
    const cookies = await browser.context.cookies();
    const session = cookies.find((c) => c.name === 'tartan_console');
    assert.ok(session.httpOnly, 'HttpOnly');
    assert.equal(session.sameSite, 'Strict');
  });

  test('the keyboard reaches an Item, fires a webhook and sets an Item error that Link update mode repairs', async () => {
    const { data: created } = await app.client.sandboxPublicTokenCreate({
      institution_id: 'ins_109508', initial_products: ['auth', 'identity'], options: { webhook: receiver.url },
    });
    const { data: item } = await app.client.itemPublicTokenExchange({ public_token: created.public_token });

    await page.goto(consoleUrl());
    await tabTo(page, (f) => f.tag === 'A' && f.text === 'Items', 'the Items link');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Items' }).waitFor();
    await shot(page, 'console-items');
    await tabTo(page, (f) => f.tag === 'A' && f.text === item.item_id, 'the new Item');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Item ${item.item_id}` }).waitFor();
    await shot(page, 'console-item');
    await page.getByRole('heading', { name: 'Accounts' }).scrollIntoViewIfNeeded();
    await shot(page, 'console-item-accounts');
    await page.keyboard.press('Home');
    await page.getByText(`sends the webhook to ${receiver.url}; the Item's state does not change`).waitFor();

    await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Fire ITEM NEW_ACCOUNTS_AVAILABLE', 'the fire button');
    await page.keyboard.press('Enter');
    await page.getByText(`Queued ITEM NEW_ACCOUNTS_AVAILABLE to ${receiver.url}.`).waitFor();
    const fired = await eventually(() => receiver.received.find((r) => r.body.webhook_code === 'NEW_ACCOUNTS_AVAILABLE'), 'the fired webhook');
    assert.equal(fired.body.item_id, item.item_id);
    assert.match(fired.verification, /^ey[\w-]+\.[\w-]+\.[\w-]+$/, 'signed with Plaid-Verification');

    // Set ITEM_LOGIN_REQUIRED: the select shows the effect of the chosen code.
    await tabTo(page, (f) => f.tag === 'SELECT' && f.name === 'error_code', 'the error select');
    await page.getByLabel('Error', { exact: true }).selectOption('ITEM_LOGIN_REQUIRED');
    await page.getByText('Fires ITEM ERROR (ITEM_LOGIN_REQUIRED) to').first().waitFor();
    await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Set error', 'the Set error button');
    await page.keyboard.press('Enter');
    await page.getByText('The Item is now in error ITEM_LOGIN_REQUIRED.').waitFor();
    await shot(page, 'console-item-error');
    const refused = await app.client.accountsGet({ access_token: item.access_token }).catch((e) => e.response);
    assert.equal(refused.status, 400);
    assert.equal(refused.data.error_code, 'ITEM_LOGIN_REQUIRED');
    assert.ok(refused.data.request_id);
    const { data: broken } = await app.client.itemGet({ access_token: item.access_token });
    assert.equal(broken.item.error.error_code, 'ITEM_LOGIN_REQUIRED');

    // The app repairs it the way it would for Plaid: Link in update mode.
    const { link_token: token } = await linkToken(app, { access_token: item.access_token, products: undefined });
    const linkPage = await browser.context.newPage();
    const link = await openLink(linkPage, app, token);
    await link.getByLabel('Username', { exact: true }).fill('user_good');
    await link.getByLabel('Password', { exact: true }).fill('pass_good');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('heading', { name: 'Success' }).waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();
    await waitForLog(linkPage, (l) => l.success, 'onSuccess');
    await linkPage.close();
    const { data: fine } = await app.client.accountsGet({ access_token: item.access_token });
    assert.equal(fine.item.item_id, item.item_id);
  });

  test('a failed webhook shows its attempts and signature, and is retried from the console', async () => {
    await page.goto(consoleUrl());
    await tabTo(page, (f) => f.tag === 'A' && f.text === 'Webhooks', 'the Webhooks link');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await shot(page, 'console-webhooks');
    // NEW_ACCOUNTS_AVAILABLE was answered 500: it waits for a retry.
    await tabTo(page, (f) => f.tag === 'A' && f.text === 'ITEM NEW_ACCOUNTS_AVAILABLE', 'the failed webhook');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'ITEM NEW_ACCOUNTS_AVAILABLE' }).waitFor();
    await page.getByText('receiver answered 500').first().waitFor();
    const sent = receiver.received.find((r) => r.body.webhook_code === 'NEW_ACCOUNTS_AVAILABLE').verification;
    await page.getByText(sent).waitFor();
    await shot(page, 'console-webhook-failed');

    receiver.answer(200);
    const before = receiver.received.length;
    await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Retry now', 'Retry now');
    await page.keyboard.press('Enter');
    await page.getByText('Due now: the dispatcher is sending it.').waitFor();
    const retried = await eventually(
      () => receiver.received.slice(before).find((r) => r.body.webhook_code === 'NEW_ACCOUNTS_AVAILABLE' && r.status === 200),
      'the retried webhook',
    );
    assert.ok(retried);
    for (let i = 0; i < 50 && (await page.locator('.badge', { hasText: 'delivered' }).count()) === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await page.reload();
    }
    assert.ok(await page.locator('.badge', { hasText: 'delivered' }).count() > 0, 'shown as delivered');
    await shot(page, 'console-webhook-retried');

    await page.goto(consoleUrl('/link-sessions'));
    await page.getByRole('heading', { name: 'Link sessions' }).waitFor();
    await shot(page, 'console-link-sessions');
  });

  test('signing out ends the session', async () => {
    await page.goto(consoleUrl());
    await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Sign out', 'Sign out');
    await page.keyboard.press('Enter');
    await page.getByLabel('Admin token').waitFor();
    await page.goto(consoleUrl('/items'));
    assert.ok(page.url().endsWith('/console/sign-in'));
  });
});
