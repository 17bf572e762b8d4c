'use strict';
// examples/link-quickstart, started as its README says, completes Link and shows /identity/get.
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');
const { BASE_PATH, launch, settings, shot } = require('../lib/harness');

const server = settings();
const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'link-quickstart', 'server.js');

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

describe('examples/link-quickstart', { skip: server.skip }, () => {
  let browser;
  let example;
  let port;
  before(async () => {
    browser = await launch();
    port = await freePort();
    example = spawn(process.execPath, [EXAMPLE], {
      env: { ...process.env, TARTAN_URL: server.url + BASE_PATH, PLAID_CLIENT_ID: server.clientId, PLAID_SECRET: server.secret, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve, reject) => {
      example.stdout.on('data', (chunk) => { if (String(chunk).includes('Link quickstart on')) resolve(); });
      example.on('exit', (code) => reject(new Error(`the example exited with ${code}`)));
    });
  });
  after(async () => { example?.kill(); await browser?.close(); });

  test('link an account and see its owner', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://localhost:${port}/`);
    const open = page.getByRole('button', { name: 'Link an account' });
    await open.click();
    const link = page.getByTitle('Link').contentFrame();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await link.getByLabel('Username', { exact: true }).fill('user_good');
    await link.getByLabel('Password', { exact: true }).fill('pass_good');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('checkbox', { name: 'Plaid Checking 0000' }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('status').filter({ hasText: 'Connected First Platypus Bank: 1 account(s).' }).waitFor();
    const owners = page.getByRole('table', { name: 'Account owners' });
    await owners.getByRole('cell', { name: 'Alberta Bobbeth Charleson' }).waitFor();
    assert.equal(await owners.getByRole('row').count(), 2);
    await shot(page, 'quickstart');
    await page.close();
  });
});
