'use strict';
// The browser harness: Debian's Chromium driven by playwright-core, and a small test app on another loopback
// origin (http://localhost:<port>, while Tartan is at http://127.0.0.1:<port>) whose server side uses the
// official `plaid` npm client, the way a real app does. Tests reach Link only through Plaid's JS contract
// (window.Plaid.create and its callbacks) and accessible names (getByRole / getByLabel), never CSS.
//
// Environment: TARTAN_URL, TARTAN_CLIENT_ID, TARTAN_SECRET (sdk-tests/run.sh sets them); CHROMIUM (default
// /usr/bin/chromium). Screenshots of every pane go to sdk-tests/browser/artifacts/<backend>/.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
// The node suite's client: every raw response is validated against the Plaid spec's schema for its operation.
const { plaidClient } = require('../../node/lib/tartan');

const BASE_PATH = '/plaid-compatible';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'artifacts', process.env.TARTAN_BACKEND || 'sqlite');
const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

function settings() {
  const missing = ['TARTAN_URL', 'TARTAN_CLIENT_ID', 'TARTAN_SECRET'].filter((name) => !process.env[name]);
  if (missing.length > 0) return { skip: `${missing.join(', ')} not set: sdk-tests/run.sh starts a server` };
  if (!fs.existsSync(CHROMIUM)) return { skip: `no Chromium at ${CHROMIUM}: run sdk-tests/browser/install.sh` };
  return { url: process.env.TARTAN_URL.replace(/\/+$/, ''), clientId: process.env.TARTAN_CLIENT_ID, secret: process.env.TARTAN_SECRET };
}

function plaid(server) {
  return plaidClient(server, BASE_PATH);
}

function readJson(request) {
  return new Promise((resolve, reject) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => { try { resolve(body ? JSON.parse(body) : {}); } catch (e) { reject(e); } });
  });
}

// The test app: its page, its server-side Plaid calls and a webhook receiver.
async function startApp(server) {
  const client = plaid(server);
  const page = fs.readFileSync(path.join(__dirname, 'app.html'), 'utf8')
    .replace('__LINK_SCRIPT__', `${server.url}${BASE_PATH}/link/v2/stable/link-initialize.js`);
  const webhooks = [];
  const app = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const send = (status, type, body) => { response.writeHead(status, { 'Content-Type': type }); response.end(body); };
    try {
      if (request.method === 'GET' && (url.pathname === '/' || url.pathname === '/oauth-return')) return send(200, 'text/html', page);
      if (request.method === 'GET' && url.pathname === '/done') return send(200, 'text/html', '<!doctype html><title>Done</title><h1>Linked</h1>');
      if (request.method === 'POST' && url.pathname === '/webhook') {
        webhooks.push(await readJson(request));
        return send(200, 'application/json', '{}');
      }
      return send(404, 'text/plain', 'not found');
    } catch (error) {
      return send(500, 'text/plain', String(error));
    }
  });
  await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${app.address().port}`;
  return { client, origin, webhooks, close: () => new Promise((resolve) => app.close(resolve)) };
}

async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tartan-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); },
  };
}

// A link token made by the app's server with the official SDK; `overrides` are /link/token/create fields.
async function linkToken(app, overrides = {}) {
  const { data } = await app.client.linkTokenCreate({
    client_name: 'Test App',
    language: 'en',
    country_codes: ['US'],
    user: { client_user_id: 'browser-test-user' },
    products: ['auth'],
    webhook: `${app.origin.replace('localhost', '127.0.0.1')}/webhook`,
    ...overrides,
  });
  return data;
}

// Opens the app page and Link on it with `token`; answers Link's frame.
async function openLink(page, app, token) {
  await page.goto(`${app.origin}/`);
  await page.evaluate((t) => window.app.create(t), token);
  await page.getByRole('button', { name: 'Connect a bank account' }).click();
  return page.getByTitle('Link').contentFrame();
}

async function linkLog(page) {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.linkLog)));
}

async function waitForLog(page, predicate, what) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const log = await linkLog(page);
    if (predicate(log)) return log;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log: ${JSON.stringify(log).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Polls `check` (a function of the test's own state, e.g. received webhooks) until it returns something truthy.
async function eventually(check, what) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Saves a screenshot of the page as artifacts/<backend>/<name>.png.
async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

module.exports = { BASE_PATH, eventually, launch, linkLog, linkToken, openLink, plaid, settings, shot, startApp, waitForLog };
