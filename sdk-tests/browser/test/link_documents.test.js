'use strict';
// Document upload in Link: a token with identity.is_document_upload shows an upload pane; the statement is analysed
// and appears in /identity/documents/uploads/get for the Item the session creates.
const assert = require('node:assert/strict');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');
const { launch, linkToken, openLink, settings, shot, startApp, waitForLog } = require('../lib/harness');

const server = settings();
const STATEMENT = path.join(__dirname, '..', '..', '..', 'crates', 'tartan-statements', 'tests', 'fixtures', 'external', 'genuine-reportlab.pdf');

describe('Link: document upload', { skip: server.skip }, () => {
  let browser;
  let app;
  before(async () => { browser = await launch(); app = await startApp(server); });
  after(async () => { await browser?.close(); await app?.close(); });

  test('the uploaded statement belongs to the chosen account of the new Item', async () => {
    const { link_token: token } = await linkToken(app, { products: ['identity'], identity: { is_document_upload: true } });
    const page = await browser.context.newPage();
    const link = await openLink(page, app, token);
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await link.getByLabel('Username', { exact: true }).fill('user_good');
    await link.getByLabel('Password', { exact: true }).fill('pass_good');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('checkbox', { name: 'Plaid Checking 0000' }).check();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByLabel('Bank statement (PDF)').setInputFiles(STATEMENT);
    await shot(page, 'upload-documents');
    await link.getByRole('button', { name: 'Submit' }).click();
    await link.getByRole('heading', { name: 'Success' }).waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();
    const log = await waitForLog(page, (l) => l.success, 'onSuccess');
    assert.ok(log.events.some((e) => e.name === 'TRANSITION_VIEW' && e.metadata.view_name === 'UPLOAD_DOCUMENTS'));

    const { data: exchanged } = await app.client.itemPublicTokenExchange({ public_token: log.success.public_token });
    const { data } = await app.client.identityDocumentsUploadsGet({ access_token: exchanged.access_token });
    assert.equal(data.accounts.length, 1);
    assert.equal(data.accounts[0].mask, '0000');
    assert.equal(data.accounts[0].documents.length, 1);
    assert.equal(data.accounts[0].documents[0].metadata.document_type, 'BANK_STATEMENT');
    await page.close();
  });
});
