'use strict';
// A data provider's institution that logs users in on its own OpenID Connect server: a real one
// (sdk-tests/oidc: panva's oidc-provider, pinned) on loopback, and a production Tartan started here with
// --allow-loopback-oidc-issuers. The user links through the provider's login and consent pages in Link's
// pop-up window; the app exchanges the public token with the official SDK and reads /identity/get.
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { after, before, describe, test } = require('node:test');
const { BASE_PATH, launch, linkToken, openLink, shot, startApp, waitForLog } = require('../lib/harness');

const REPO = path.resolve(__dirname, '..', '..', '..');
const TARTAN_BIN = process.env.TARTAN_BIN || path.join(REPO, 'target', 'debug', 'tartan');
const OIDC_DIR = path.join(REPO, 'sdk-tests', 'oidc');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ADMIN_TOKEN = 'provider-oidc-test-admin-token-0123456789';
const CLIENT_SECRET = 'tartan-test-client-secret-0123456789abcdef';
const INSTITUTION = 'ins_oidc_bank';

function skipReason() {
  if (!fs.existsSync(TARTAN_BIN)) return `no server binary at ${TARTAN_BIN}: cargo build`;
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}: run sdk-tests/browser/install.sh`;
  if (!fs.existsSync(path.join(OIDC_DIR, 'node_modules', 'oidc-provider'))) return 'no oidc-provider: run sdk-tests/browser/install.sh';
  return false;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
    server.on('error', reject);
  });
}

// Starts the OpenID provider; resolves with its issuer once it listens.
function startProvider(redirectUri) {
  const child = spawn(process.execPath, ['server.js'], {
    cwd: OIDC_DIR,
    env: { ...process.env, OIDC_REDIRECT_URI: redirectUri, OIDC_CLIENT_ID: 'tartan', OIDC_CLIENT_SECRET: CLIENT_SECRET },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, ...JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}`)));
  });
}

async function waitForHealth(url) {
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch (e) { /* not up yet */ }
    if (Date.now() > deadline) throw new Error('Tartan did not come up');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function admin(server, method, route, body) {
  const response = await fetch(`${server.url}${BASE_PATH}${route}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${route}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// The provider's catalogue through the admin API: the institution logging in at `issuer`, alice (her `sub` at
// the provider is her oidc_subject) with a checking and a savings account, and the app's right to link it.
async function loadCatalogue(server, issuer, clientId) {
  const owner = {
    names: ['Alice Appleseed'],
    emails: [{ data: 'alice@bank.example', primary: true, type: 'primary' }],
    phone_numbers: [{ data: '+1 617 555 0101', primary: true, type: 'mobile' }],
    addresses: [{ data: { street: '1 Harbour St', city: 'Boston', region: 'MA', postal_code: '02110', country: 'US' }, primary: true }],
  };
  const account = (id, name, mask, subtype) => ({
    type: 'account', institution_id: INSTITUTION, user_id: 'u-1001', account_id: id, name, mask,
    account_type: 'depository', subtype,
    balances: { available: 1200.5, current: 1250.5, limit: null, iso_currency_code: 'USD' },
    numbers: { ach: { account: `00012345${mask}`, routing: '011401533', wire_routing: '021000021' } },
    owners: [owner],
  });
  for (const record of [
    {
      type: 'institution', institution_id: INSTITUTION, name: 'Bank of OIDC', country_codes: ['US'],
      products: ['auth', 'identity'], primary_color: '#1f5f8b',
      login: { method: 'oidc', issuer, client_id: 'tartan', client_secret: CLIENT_SECRET, scopes: ['profile', 'email'] },
    },
    { type: 'user', institution_id: INSTITUTION, user_id: 'u-1001', oidc_subject: 'alice' },
    account('alice-checking', 'Alice Checking', '4321', 'checking'),
    account('alice-savings', 'Alice Savings', '8765', 'savings'),
  ]) {
    await admin(server, 'POST', '/admin/provider/records', record);
  }
  await admin(server, 'PUT', `/admin/clients/${clientId}/institutions`, { institution_ids: [INSTITUTION] });
}

describe('Link: a provider institution with OpenID Connect login', { skip: skipReason() }, () => {
  let work;
  let tartan;
  let provider;
  let server;
  let browser;
  let app;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tartan-oidc-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    provider = await startProvider(`${url}${BASE_PATH}/link/oidc/callback`);
    const database = `sqlite://${path.join(work, 'tartan.db')}?mode=rwc`;
    tartan = spawn(TARTAN_BIN, [
      'serve', '--env', 'production', '--listen', `127.0.0.1:${port}`, '--database-url', database,
      '--base-path', BASE_PATH, '--admin-token', ADMIN_TOKEN, '--allow-loopback-oidc-issuers',
      '--allow-private-webhooks', '--public-url', url,
    ], { stdio: ['ignore', 'ignore', fs.openSync(path.join(work, 'server.log'), 'w')] });
    await waitForHealth(url);
    const created = execFileSync(TARTAN_BIN, ['clients', 'create', '--name', 'OIDC test app', '--database-url', database]).toString();
    const clientId = /^client_id: *(\S+)/m.exec(created)[1];
    const secret = /^secret: *(\S+)/m.exec(created)[1];
    server = { url, clientId, secret };
    await loadCatalogue(server, provider.issuer, clientId);
    browser = await launch();
    app = await startApp(server);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    provider?.child.kill('SIGTERM');
    tartan?.kill('SIGTERM');
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  // Opens Link for a production token, picks the OIDC institution and presses Continue; answers the frame and
  // the provider's pop-up window.
  async function toProviderLogin(page) {
    // No webhook: production wants https receivers.
    const { link_token: token } = await linkToken(app, { products: ['auth', 'identity'], webhook: undefined });
    const link = await openLink(page, app, token);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByLabel('Search').fill('oidc');
    await link.getByRole('button', { name: 'Bank of OIDC' }).click();
    await link.getByRole('heading', { name: 'Continue to Bank of OIDC' }).waitFor();
    await shot(page, 'oidc-oauth-pane');
    // What the frame asks the server from here on: the completion, never the session by polling.
    const asked = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      const asks = url.pathname.replace(/^.*\/link\/session\//, '');
      if (['start', 'oidc', 'oidc/complete'].includes(asks)) asked.push(asks);
    });
    const popupOpened = page.context().waitForEvent('page');
    await link.getByRole('button', { name: 'Continue' }).click();
    const popup = await popupOpened;
    await popup.waitForLoadState();
    return { link, popup, asked };
  }

  async function logIn(popup, login, name) {
    await popup.getByPlaceholder('Enter any login').waitFor();
    await shot(popup, `oidc-provider-login-${name}`);
    await popup.getByPlaceholder('Enter any login').fill(login);
    await popup.getByPlaceholder('and password').fill('any password');
    await popup.getByRole('button', { name: 'Sign-in' }).click();
    await popup.getByRole('button', { name: 'Continue' }).waitFor();
    await shot(popup, `oidc-provider-consent-${name}`);
    await popup.getByRole('button', { name: 'Continue' }).click();
  }

  test('a user logs in at the provider, picks accounts, and the app reads her identity', async () => {
    const page = await browser.context.newPage();
    const { link, popup, asked } = await toProviderLogin(page);
    await logIn(popup, 'alice', 'alice');
    // The callback page hands the answer to Link's frame and closes; the frame completes the login with its
    // own session (POST /link/session/oidc/complete) and shows the accounts.
    await link.getByRole('checkbox', { name: /Alice Checking/ }).check();
    await shot(page, 'oidc-select-account');
    await popup.waitForEvent('close', { timeout: 10000 }).catch(() => {});
    assert.ok(popup.isClosed(), 'the pop-up closed itself');
    assert.deepEqual(asked, ['oidc', 'oidc/complete']);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('heading', { name: 'Success' }).waitFor();
    await shot(page, 'oidc-success');
    await link.getByRole('button', { name: 'Continue' }).click();
    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    assert.equal(log.success.metadata.institution.institution_id, INSTITUTION);
    assert.ok(log.events.some((e) => e.name === 'OPEN_OAUTH'));

    const { data: exchanged } = await app.client.itemPublicTokenExchange({ public_token: log.success.public_token });
    const { data: identity } = await app.client.identityGet({ access_token: exchanged.access_token });
    assert.equal(identity.accounts.length, 1);
    assert.equal(identity.accounts[0].mask, '4321');
    assert.deepEqual(identity.accounts[0].owners[0].names, ['Alice Appleseed']);
    assert.equal(identity.accounts[0].owners[0].emails[0].data, 'alice@bank.example');
    await page.close();
  });

  test('a provider login Tartan has no end user for ends in NO_ACCOUNTS', async () => {
    const page = await browser.context.newPage();
    const { link, popup } = await toProviderLogin(page);
    await logIn(popup, 'mallory', 'mallory');
    await link.getByText(/No valid accounts were found/).waitFor();
    await shot(page, 'oidc-unknown-sub');
    const log = await waitForLog(page, (l) => l.events.some((e) => e.name === 'ERROR'), 'ERROR');
    const error = log.events.find((e) => e.name === 'ERROR');
    assert.equal(error.metadata.error_code, 'NO_ACCOUNTS');
    await page.close();
  });

  test('cancelling at the provider ends in ACCESS_NOT_GRANTED with Try again', async () => {
    const page = await browser.context.newPage();
    const { link, popup, asked } = await toProviderLogin(page);
    await popup.getByRole('link', { name: '[ Cancel ]' }).click();
    await link.getByRole('button', { name: 'Try again' }).waitFor();
    assert.deepEqual(asked, ['oidc', 'oidc/complete']);
    await shot(page, 'oidc-denied');
    const log = await waitForLog(page, (l) => l.events.some((e) => e.name === 'ERROR'), 'ERROR');
    assert.equal(log.events.find((e) => e.name === 'ERROR').metadata.error_code, 'ACCESS_NOT_GRANTED');
    await page.close();
  });
});
