'use strict';
// A data provider in production, in a real browser: the test starts its own production server (the same binary
// sdk-tests/run.sh serves), loads the provider's catalogue with `tartan import`, registers an app's client and
// allows it the institution with `tartan provider allow`. The app opens Link, the user picks the provider's
// institution (no sandbox institution is offered), mistypes the password, logs in, picks accounts; the app's
// server exchanges the public token with the official SDK and reads the provider's data.
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');
const { BASE_PATH, launch, linkLog, linkToken, openLink, shot, startApp, waitForLog } = require('../lib/harness');

const BINARY = process.env.TARTAN_BIN || path.join(__dirname, '..', '..', '..', 'target', 'debug', 'tartan');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const skip = !fs.existsSync(BINARY) ? `no tartan binary at ${BINARY} (cargo build, or set TARTAN_BIN)`
  : !fs.existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}: run sdk-tests/browser/install.sh` : false;

const INSTITUTION = 'ins_browser_demo';
const TOTP_INSTITUTION = 'ins_browser_totp';
const TOTP_SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

// RFC 6238 (SHA-1, 6 digits, 30 s), what the user's authenticator app shows.
function totpCode(seed, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of seed.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30000)));
  const mac = require('node:crypto').createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function owner(name) {
  return {
    names: [name], phone_numbers: [], emails: [{ data: 'alice@example.com', primary: true, type: 'primary' }],
    addresses: [{ data: { street: '1 Main St', city: 'Boston', region: 'MA', postal_code: '02110', country: 'US' }, primary: true }],
  };
}

function account(id, subtype, number) {
  return {
    type: 'account', institution_id: INSTITUTION, user_id: 'alice', account_id: id, name: `Browser ${subtype}`,
    mask: number.slice(-4), account_type: 'depository', subtype,
    balances: { available: 500.25, current: 510.25, iso_currency_code: 'USD' },
    numbers: { ach: { account: number, routing: '011401533', wire_routing: null } },
    owners: [owner('Alice Provider')],
  };
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

// A production server on a fresh SQLite file, with the catalogue imported and a client allowed to link it.
async function startProvider() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartan-provider-'));
  const database = `sqlite:${path.join(dir, 'provider.db')}`;
  const tartan = (...args) => execFileSync(BINARY, ['--database-url', database, ...args], { encoding: 'utf8' });
  const lines = [
    { type: 'institution', institution_id: INSTITUTION, name: 'Browser Demo Bank', country_codes: ['US'],
      products: ['auth', 'balance', 'identity'], primary_color: '#1f6f43', login: { method: 'password', totp: false } },
    { type: 'user', institution_id: INSTITUTION, user_id: 'alice', password: 'correct horse battery' },
    account('alice-chk', 'checking', '1111222233334444'),
    account('alice-sav', 'savings', '5555666677778888'),
    { type: 'institution', institution_id: TOTP_INSTITUTION, name: 'Browser TOTP Bank', country_codes: ['US'],
      products: ['auth', 'balance', 'identity'], login: { method: 'password', totp: true } },
    { type: 'user', institution_id: TOTP_INSTITUTION, user_id: 'tina', password: 'tina passphrase', totp_secret: TOTP_SEED },
    { ...account('tina-chk', 'checking', '9999000011112222'), institution_id: TOTP_INSTITUTION, user_id: 'tina' },
  ];
  fs.writeFileSync(path.join(dir, 'catalogue.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  tartan('import', path.join(dir, 'catalogue.ndjson'));
  const created = tartan('clients', 'create', '--name', 'Browser App');
  const clientId = created.match(/client_id:\s*(\S+)/)[1];
  const secret = created.match(/secret:\s*(\S+)/)[1];
  tartan('provider', 'allow', clientId, INSTITUTION, TOTP_INSTITUTION);
  const port = await freePort();
  const child = spawn(BINARY, ['--database-url', database, 'serve', '--listen', `127.0.0.1:${port}`,
    '--env', 'production', '--base-path', BASE_PATH], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    try { if ((await fetch(`${url}/health`)).ok) break; } catch { /* not up yet */ }
    if (i > 100) throw new Error(`the production server did not start: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    server: { url, clientId, secret },
    close: () => { child.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

describe('Link: a data provider in production', { skip }, () => {
  let browser;
  let provider;
  let app;
  before(async () => {
    provider = await startProvider();
    browser = await launch();
    app = await startApp(provider.server);
  });
  after(async () => { await browser?.close(); await app?.close(); provider?.close(); });

  test('a provider user links with a password and the app reads the provider data', async () => {
    const page = await browser.context.newPage();
    const { link_token: token } = await linkToken(app, { webhook: undefined, products: ['auth', 'identity'] });
    assert.match(token, /^link-production-/);
    const link = await openLink(page, app, token);
    await link.getByRole('button', { name: 'Continue' }).click();

    await link.getByRole('button', { name: 'Browser TOTP Bank' }).waitFor();
    assert.equal(await link.getByRole('button', { name: /Platypus/ }).count(), 0, 'no sandbox institution in production');
    await shot(page, 'provider-1-institutions');
    await link.getByRole('button', { name: 'Browser Demo Bank' }).click();

    await link.getByLabel('Username', { exact: true }).fill('alice');
    await link.getByLabel('Password', { exact: true }).fill('wrong password');
    assert.equal(await link.getByText('user_good').count(), 0, 'no sandbox hint in production');
    await shot(page, 'provider-2-credentials');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('heading', { name: 'Incorrect username or password' }).waitFor();
    await shot(page, 'provider-3-invalid-credentials');
    await link.getByRole('button', { name: 'Try again' }).click();

    await link.getByLabel('Username', { exact: true }).fill('alice');
    await link.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('checkbox', { name: 'Browser checking 4444' }).check();
    await link.getByRole('checkbox', { name: 'Browser savings 8888' }).check();
    await shot(page, 'provider-4-accounts');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('heading', { name: 'Success' }).waitFor();
    await shot(page, 'provider-5-success');
    await link.getByRole('button', { name: 'Continue' }).click();

    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    const { public_token: publicToken, metadata } = log.success;
    assert.match(publicToken, /^public-production-/);
    assert.deepEqual(metadata.institution, { name: 'Browser Demo Bank', institution_id: INSTITUTION });
    const { data: exchanged } = await app.client.itemPublicTokenExchange({ public_token: publicToken });
    const { data: auth } = await app.client.authGet({ access_token: exchanged.access_token });
    assert.deepEqual(auth.numbers.ach.map((n) => n.account), ['1111222233334444', '5555666677778888']);
    const { data: identity } = await app.client.identityGet({ access_token: exchanged.access_token });
    assert.equal(identity.accounts[0].owners[0].names[0], 'Alice Provider');
    assert.deepEqual(identity.accounts.map((a) => a.account_id), metadata.accounts.map((a) => a.id));
    assert.equal((await linkLog(page)).exit, null);
    await page.close();
  });

  test('a TOTP institution asks for the code on the MFA pane', async () => {
    const page = await browser.context.newPage();
    const { link_token: token } = await linkToken(app, { webhook: undefined, products: ['auth'] });
    const link = await openLink(page, app, token);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Browser TOTP Bank' }).click();
    await link.getByLabel('Username', { exact: true }).fill('tina');
    await link.getByLabel('Password', { exact: true }).fill('tina passphrase');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByLabel('Code', { exact: true }).fill(totpCode(TOTP_SEED));
    await shot(page, 'provider-6-totp');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('checkbox', { name: 'Browser checking 2222' }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('heading', { name: 'Success' }).waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();
    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    const { data: exchanged } = await app.client.itemPublicTokenExchange({ public_token: log.success.public_token });
    const { data: auth } = await app.client.authGet({ access_token: exchanged.access_token });
    assert.deepEqual(auth.numbers.ach.map((n) => n.account), ['9999000011112222']);
    const views = log.events.filter((e) => e.name === 'TRANSITION_VIEW').map((e) => e.metadata.view_name);
    assert.ok(views.includes('MFA'), `the MFA pane was shown: ${views}`);
    await page.close();
  });
});
