'use strict';
// Helpers around the official `plaid` npm client for the Tartan scenarios.
//
// Environment: TARTAN_URL, TARTAN_CLIENT_ID, TARTAN_SECRET, and TARTAN_SCHEMA_DIR (the output of
// `python ../schemas.py dump DIR`); for the processor tests also TARTAN_PARTNER_DWOLLA_ID/_SECRET,
// TARTAN_PARTNER_GALILEO_ID/_SECRET and TARTAN_OTHER_APP_ID/_SECRET (run.sh creates those clients).
// Every raw response body (`response.data`, or `error.response.data`) is validated against the Plaid
// spec's schema for its operation as soon as it arrives.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const { Configuration, PlaidApi } = require('plaid');

const BASE_PATH = '/plaid-compatible';
const FIRST_PLATYPUS_BANK = 'ins_109508';
const USER_GOOD = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'expected', 'user_good.json'), 'utf8'),
);

// SDK method -> Plaid operation.
const OPERATIONS = {
  sandboxPublicTokenCreate: '/sandbox/public_token/create',
  itemPublicTokenExchange: '/item/public_token/exchange',
  itemGet: '/item/get',
  itemRemove: '/item/remove',
  accountsGet: '/accounts/get',
  identityGet: '/identity/get',
  identityMatch: '/identity/match',
  identityDocumentsUploadsGet: '/identity/documents/uploads/get',
  authGet: '/auth/get',
  accountsBalanceGet: '/accounts/balance/get',
  sandboxProcessorTokenCreate: '/sandbox/processor_token/create',
  processorTokenCreate: '/processor/token/create',
  processorStripeBankAccountTokenCreate: '/processor/stripe/bank_account_token/create',
  processorAuthGet: '/processor/auth/get',
  processorBalanceGet: '/processor/balance/get',
  processorIdentityGet: '/processor/identity/get',
  processorIdentityMatch: '/processor/identity/match',
  processorAccountGet: '/processor/account/get',
  linkTokenCreate: '/link/token/create',
  linkTokenGet: '/link/token/get',
  institutionsGet: '/institutions/get',
  institutionsGetById: '/institutions/get_by_id',
  institutionsSearch: '/institutions/search',
  sandboxItemResetLogin: '/sandbox/item/reset_login',
};

function serverSettings() {
  const missing = ['TARTAN_URL', 'TARTAN_CLIENT_ID', 'TARTAN_SECRET'].filter((name) => !process.env[name]);
  if (missing.length > 0) {
    return { skip: `${missing.join(', ')} not set: start a Tartan server (sdk-tests/run.sh does)` };
  }
  return {
    url: process.env.TARTAN_URL.replace(/\/+$/, ''),
    clientId: process.env.TARTAN_CLIENT_ID,
    secret: process.env.TARTAN_SECRET,
  };
}

// The extra clients of the processor tests, from the environment: { dwolla, galileo, otherApp } settings
// (url, clientId, secret), or { skip } naming what is missing.
const EXTRA_CLIENTS = {
  dwolla: 'TARTAN_PARTNER_DWOLLA',
  galileo: 'TARTAN_PARTNER_GALILEO',
  otherApp: 'TARTAN_OTHER_APP',
};

function extraClientSettings() {
  const server = serverSettings();
  if (server.skip) return server;
  const missing = Object.values(EXTRA_CLIENTS).flatMap((prefix) => [`${prefix}_ID`, `${prefix}_SECRET`])
    .filter((name) => !process.env[name]);
  if (missing.length > 0) {
    const reason = `PROCESSOR TESTS SKIPPED: ${missing.join(', ')} not set (run.sh creates them with \`tartan clients create\`)`;
    console.warn(`\n!!!!! ${reason} !!!!!\n`);
    return { skip: reason };
  }
  return Object.fromEntries(Object.entries(EXTRA_CLIENTS).map(([name, prefix]) => [name, {
    url: server.url, clientId: process.env[`${prefix}_ID`], secret: process.env[`${prefix}_SECRET`],
  }]));
}

function loadValidators() {
  const dir = process.env.TARTAN_SCHEMA_DIR;
  if (!dir || !fs.existsSync(path.join(dir, 'index.json'))) {
    const reason = `SCHEMA VALIDATION SKIPPED: TARTAN_SCHEMA_DIR (${dir || 'unset'}) holds no dumped schemas`;
    console.warn(`\n!!!!! ${reason} !!!!!\n`);
    return { skipReason: reason };
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['date', 'date-time']);
  const read = (file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const index = read('index.json');
  const byOperation = {};
  for (const [operation, file] of Object.entries(index.operations)) byOperation[operation] = ajv.compile(read(file));
  return { byOperation, error: ajv.compile(read(index.error)) };
}

const validators = loadValidators();

function assertMatchesSchema(operation, status, contentType, body) {
  const where = `POST ${operation} -> HTTP ${status}`;
  assert.match(String(contentType), /^application\/json/, `${where}: content-type is ${contentType}`);
  if (validators.skipReason) return;
  const validate = status >= 200 && status < 300 ? validators.byOperation[operation] : validators.error;
  assert.ok(validate, `${where}: no schema for this operation`);
  if (!validate(body)) {
    const counts = new Map();
    for (const e of validate.errors) {
      const line = `${e.instancePath.replace(/\/\d+(?=\/|$)/g, '/*') || '/'} ${e.message}`;
      counts.set(line, (counts.get(line) || 0) + 1);
    }
    const problems = [...counts].map(([line, count]) => `  - ${line}${count > 1 ? ` (x${count})` : ''}`);
    assert.fail(`${where}: raw response violates the Plaid spec schema:\n${problems.join('\n')}\n`
      + `  raw body: ${JSON.stringify(body).slice(0, 3000)}`);
  }
}

// A PlaidApi built the documented way, whose served operations validate every raw response body.
function plaidClient({ url, clientId, secret }, basePath = '') {
  const configuration = new Configuration({
    basePath: url + basePath,
    baseOptions: { headers: { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret, 'Plaid-Version': '2020-09-14' } },
  });
  const api = new PlaidApi(configuration);
  return new Proxy(api, {
    get(target, name) {
      const operation = OPERATIONS[name];
      if (!operation) return target[name];
      return async (...args) => {
        let response;
        try {
          response = await target[name](...args);
        } catch (error) {
          if (!error.response) throw error;
          const { status, headers, data } = error.response;
          assertMatchesSchema(operation, status, headers['content-type'], data);
          throw error;
        }
        assertMatchesSchema(operation, response.status, response.headers['content-type'], response.data);
        return response;
      };
    },
  });
}

async function linkItem(client, options) {
  const created = await client.sandboxPublicTokenCreate({
    institution_id: FIRST_PLATYPUS_BANK,
    initial_products: ['identity'],
    ...(options ? { options } : {}),
  });
  const exchanged = await client.itemPublicTokenExchange({ public_token: created.data.public_token });
  return exchanged.data;
}

// Awaits a call that must fail, and checks the Plaid error body; returns that body.
async function expectPlaidError(promise, status, errorType, errorCode) {
  const error = await promise.then(
    (response) => assert.fail(`expected HTTP ${status} ${errorCode}, got ${response.status}: ${JSON.stringify(response.data)}`),
    (caught) => caught,
  );
  assert.ok(error.response, `expected an HTTP error response, got ${error}`);
  const body = error.response.data;
  assert.equal(error.response.status, status, JSON.stringify(body));
  assert.equal(body.error_type, errorType, JSON.stringify(body));
  assert.equal(body.error_code, errorCode, JSON.stringify(body));
  assert.ok(body.request_id, `error without request_id: ${JSON.stringify(body)}`);
  return body;
}

// `actual` cut down (recursively) to the keys `expected` has, for a readable deepEqual.
function project(actual, expected) {
  return Object.fromEntries(Object.entries(expected).map(([key, wanted]) => {
    const value = actual?.[key];
    const nested = wanted && typeof wanted === 'object' && !Array.isArray(wanted) && value && typeof value === 'object';
    return [key, nested ? project(value, wanted) : value];
  }));
}

// Canonical order for comparing arrays of JSON objects as multisets.
function unordered(items) {
  const canonical = (value) => JSON.stringify(value, (key, inner) => (inner && typeof inner === 'object' && !Array.isArray(inner)
    ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner));
  return [...items].sort((a, b) => canonical(a).localeCompare(canonical(b))).map(canonical);
}

// Tartan's statement upload (no SDK has it): multipart/form-data with fetch, keys in the headers. Returns
// { status, body } after checking the body (an upload's 200 body is { document_id, request_id }; errors are PlaidError).
async function uploadStatement({ url, clientId, secret }, fields, file, filename = 'statement.pdf') {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file !== undefined) form.append('file', new Blob([file], { type: 'application/pdf' }), filename);
  const response = await fetch(`${url}/sandbox/identity/documents/upload`, {
    method: 'POST', body: form, headers: { 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret },
  });
  const body = await response.json();
  const contentType = response.headers.get('content-type');
  if (response.ok) {
    assert.match(String(contentType), /^application\/json/);
    assert.deepEqual(Object.keys(body).sort(), ['document_id', 'request_id'], JSON.stringify(body));
  } else {
    assertMatchesSchema('/sandbox/identity/documents/upload', response.status, contentType, body);
  }
  return { status: response.status, body };
}

module.exports = {
  BASE_PATH, OPERATIONS, USER_GOOD, expectPlaidError, extraClientSettings, linkItem, plaidClient, project,
  serverSettings, unordered, uploadStatement, validators,
};
