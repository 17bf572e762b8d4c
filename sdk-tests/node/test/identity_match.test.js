'use strict';
// Identity Match and statement uploads via the official `plaid` npm client: the documented Sandbox identity scores
// 100, another person scores below 70, an unreadable phone is INVALID_FIELD; the processor twin with dwolla's keys;
// /identity/documents/uploads/get for an Item without uploads, and a refused upload (Tartan's multipart extension).
const assert = require('node:assert/strict');
const { describe, test } = require('node:test');
const {
  expectPlaidError, extraClientSettings, linkItem, plaidClient, serverSettings, uploadStatement,
} = require('../lib/tartan');

const settings = serverSettings();
const others = extraClientSettings();
const PASS = 70;
const SCORE_KEYS = {
  legal_name: ['is_business_name_detected', 'is_first_name_or_last_name_match', 'is_nickname_match', 'score'],
  phone_number: ['score'],
  email_address: ['score'],
  address: ['is_postal_code_match', 'score'],
};
// The docs' Identity Match test identity for the Sandbox (reference §8.3).
const PERFECT = {
  legal_name: 'Alberta Bobbeth Charleson',
  phone_number: '+1 111-222-3333',
  email_address: 'accountholder0@example.com',
  address: { street: '2992 Cameron Road', city: 'Malakoff', region: 'NY', postal_code: '14236', country: 'US' },
};
const SOMEONE_ELSE = {
  legal_name: 'Gerald Ostrowski',
  phone_number: '+1 415-555-0142',
  email_address: 'g.ostrowski@example.org',
  address: { street: '77 Mission Street', city: 'San Francisco', region: 'CA', postal_code: '94105', country: 'US' },
};

// Every score object present with exactly its keys, scores integers 0–100 or null; returns field -> score.
function scoresOf(account) {
  const scores = {};
  for (const [field, keys] of Object.entries(SCORE_KEYS)) {
    assert.ok(account[field] && typeof account[field] === 'object', `${field} missing: ${JSON.stringify(account)}`);
    assert.deepEqual(Object.keys(account[field]).sort(), keys, field);
    const { score } = account[field];
    assert.ok(score === null || (Number.isInteger(score) && score >= 0 && score <= 100), `${field}.score ${score}`);
    scores[field] = score;
  }
  return scores;
}

const ALL_100 = { legal_name: 100, phone_number: 100, email_address: 100, address: 100 };

describe('identity match', { skip: settings.skip }, () => {
  const client = settings.skip ? null : plaidClient(settings);

  test('the documented test identity scores 100 on every field of every account', async () => {
    const item = await linkItem(client);

    const { data } = await client.identityMatch({ access_token: item.access_token, user: PERFECT });

    assert.equal(data.accounts.length, 12);
    for (const account of data.accounts) {
      assert.deepEqual(scoresOf(account), ALL_100, account.mask);
      assert.equal(account.address.is_postal_code_match, true);
      assert.ok(Object.values(account.balances).every((value) => value === null), JSON.stringify(account.balances));
    }
  });

  test('another person scores below the threshold on every field', async () => {
    const item = await linkItem(client);
    const { accounts } = (await client.accountsGet({ access_token: item.access_token })).data;
    const checking = accounts.find((account) => account.mask === '0000');

    const { data } = await client.identityMatch({
      access_token: item.access_token, user: SOMEONE_ELSE, options: { account_ids: [checking.account_id] },
    });

    assert.deepEqual(data.accounts.map((account) => account.account_id), [checking.account_id]);
    const scores = scoresOf(data.accounts[0]);
    for (const [field, score] of Object.entries(scores)) assert.ok(score < PASS, `${field}: ${score}`);
  });

  test('without a user every score object is there and null', async () => {
    const item = await linkItem(client);

    const { data } = await client.identityMatch({ access_token: item.access_token });

    for (const account of data.accounts) {
      assert.deepEqual(scoresOf(account), { legal_name: null, phone_number: null, email_address: null, address: null });
    }
  });

  test('an unparseable phone number is INVALID_FIELD', async () => {
    const item = await linkItem(client);

    await expectPlaidError(
      client.identityMatch({ access_token: item.access_token, user: { ...PERFECT, phone_number: 'not a phone' } }),
      400, 'INVALID_REQUEST', 'INVALID_FIELD',
    );
  });
});

describe('processor identity match', { skip: settings.skip || others.skip }, () => {
  const skipped = settings.skip || others.skip;
  const app = skipped ? null : plaidClient(settings);
  const dwolla = skipped ? null : plaidClient(others.dwolla);
  const galileo = skipped ? null : plaidClient(others.galileo);

  test('dwolla scores the documented identity 100 with its own keys; galileo is refused', async () => {
    const item = await linkItem(app);
    const { accounts } = (await app.accountsGet({ access_token: item.access_token })).data;
    const checking = accounts.find((account) => account.mask === '0000');
    const { processor_token: token } = (await app.processorTokenCreate({
      access_token: item.access_token, account_id: checking.account_id, processor: 'dwolla',
    })).data;

    const { data } = await dwolla.processorIdentityMatch({ processor_token: token, user: PERFECT });

    assert.deepEqual(Object.keys(data).sort(), ['account', 'request_id']);
    assert.equal(data.account.account_id, checking.account_id);
    assert.deepEqual(scoresOf(data.account), ALL_100);
    await expectPlaidError(galileo.processorIdentityMatch({ processor_token: token, user: PERFECT }),
      400, 'INVALID_INPUT', 'INVALID_PROCESSOR_TOKEN');
  });
});

describe('statement uploads', { skip: settings.skip }, () => {
  const client = settings.skip ? null : plaidClient(settings);

  test('an item without uploads has no documents and no owners read from statements', async () => {
    const item = await linkItem(client);

    const { data } = await client.identityDocumentsUploadsGet({ access_token: item.access_token });

    assert.equal(data.accounts.length, 12);
    for (const account of data.accounts) {
      assert.equal(account.documents, null, account.mask);
      assert.deepEqual(account.owners, [], account.mask);
    }
  });

  test('a file that is not a PDF is refused with INVALID_FIELD and not stored', async () => {
    const item = await linkItem(client);
    const { accounts } = (await client.accountsGet({ access_token: item.access_token })).data;
    const checking = accounts.find((account) => account.mask === '0000');

    const { status, body } = await uploadStatement(settings,
      { access_token: item.access_token, account_id: checking.account_id }, 'this is not a PDF');

    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(body.error_type, 'INVALID_REQUEST');
    assert.equal(body.error_code, 'INVALID_FIELD');
    assert.match(body.error_message, /^file: /);
    const { data } = await client.identityDocumentsUploadsGet({
      access_token: item.access_token, options: { account_ids: [checking.account_id] },
    });
    assert.equal(data.accounts[0].documents, null);
  });
});
