'use strict';
// The processor partner flow via the official `plaid` npm client: the app makes a processor token for dwolla,
// dwolla reads the account with its own keys, anyone else is refused, and removing the Item revokes the token.
const assert = require('node:assert/strict');
const { describe, test } = require('node:test');
const {
  USER_GOOD, expectPlaidError, extraClientSettings, linkItem, plaidClient, project, serverSettings, unordered,
} = require('../lib/tartan');

const settings = serverSettings();
const others = extraClientSettings();
const CHECKING = USER_GOOD.accounts.find((account) => account.mask === '0000');
const CHECKING_ACH = {
  account: USER_GOOD.auth.ach_accounts['0000'],
  routing: USER_GOOD.auth.routing,
  wire_routing: USER_GOOD.auth.wire_routing,
  is_tokenized_account_number: false,
};
const PROCESSOR_TOKEN = /^processor-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const READS = ['processorAuthGet', 'processorBalanceGet', 'processorIdentityGet', 'processorAccountGet'];

describe('processor partner flow', { skip: settings.skip || others.skip }, () => {
  const skipped = settings.skip || others.skip;
  const app = skipped ? null : plaidClient(settings);
  const dwolla = skipped ? null : plaidClient(others.dwolla);
  const galileo = skipped ? null : plaidClient(others.galileo);
  const otherApp = skipped ? null : plaidClient(others.otherApp);

  // The app links user_good and makes a dwolla token for Plaid Checking (0000).
  async function checkingGrant() {
    const item = await linkItem(app);
    const { accounts } = (await app.accountsGet({ access_token: item.access_token })).data;
    const account = accounts.find((candidate) => candidate.mask === '0000');
    const { data } = await app.processorTokenCreate({
      access_token: item.access_token, account_id: account.account_id, processor: 'dwolla',
    });
    return { item, account, token: data.processor_token };
  }

  test('the app creates a sandbox processor token for dwolla', async () => {
    const { token } = await checkingGrant();

    assert.match(token, PROCESSOR_TOKEN);
  });

  test('dwolla reads the checking account numbers with its own keys', async () => {
    const { account, token } = await checkingGrant();

    const { data } = await dwolla.processorAuthGet({ processor_token: token });

    assert.equal(data.account.account_id, account.account_id);
    assert.deepEqual(project(data.account, CHECKING), CHECKING);
    const expectedAch = { ...CHECKING_ACH, account_id: account.account_id };
    assert.deepEqual(project(data.numbers.ach, expectedAch), expectedAch);
    for (const rail of ['eft', 'international', 'bacs']) assert.equal(data.numbers[rail] ?? null, null, rail);
  });

  test('dwolla reads the checking account balance with its own keys', async () => {
    const { account, token } = await checkingGrant();

    const { data } = await dwolla.processorBalanceGet({ processor_token: token });

    assert.equal(data.account.account_id, account.account_id);
    assert.deepEqual(project(data.account.balances, CHECKING.balances), CHECKING.balances);
  });

  test('dwolla reads the checking account owner with its own keys', async () => {
    const { account, token } = await checkingGrant();

    const { data } = await dwolla.processorIdentityGet({ processor_token: token });

    assert.equal(data.account.account_id, account.account_id);
    assert.equal(data.account.owners.length, 1);
    const [owner] = data.account.owners;
    assert.deepEqual(owner.names, USER_GOOD.owner.names);
    assert.deepEqual(unordered(owner.emails), unordered(USER_GOOD.owner.emails));
    assert.deepEqual(unordered(owner.addresses), unordered(USER_GOOD.owner.addresses));
    assert.equal(owner.phone_numbers.length, USER_GOOD.owner.phone_number_count);
  });

  test('dwolla reads the account and its institution with its own keys', async () => {
    const { account, token } = await checkingGrant();

    const { data } = await dwolla.processorAccountGet({ processor_token: token });

    assert.equal(data.institution_id, USER_GOOD.institution_id);
    assert.deepEqual(data.account, account);
  });

  test('the creating app may read too, but galileo and another app are refused', async () => {
    const { account, token } = await checkingGrant();

    for (const read of READS) {
      const { data } = await app[read]({ processor_token: token });
      assert.equal(data.account.account_id, account.account_id, read);
      for (const refused of [galileo, otherApp]) {
        await expectPlaidError(refused[read]({ processor_token: token }), 400, 'INVALID_INPUT', 'INVALID_PROCESSOR_TOKEN');
      }
    }
  });

  test('a partner cannot use the app access token to make tokens', async () => {
    const { item, account } = await checkingGrant();

    await expectPlaidError(
      dwolla.processorTokenCreate({ access_token: item.access_token, account_id: account.account_id, processor: 'dwolla' }),
      400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN',
    );
  });

  test('dwolla makes a sandbox processor token with its own keys and reads with it', async () => {
    const { data: created } = await dwolla.sandboxProcessorTokenCreate({ institution_id: USER_GOOD.institution_id });

    const { data } = await dwolla.processorAuthGet({ processor_token: created.processor_token });

    assert.match(created.processor_token, PROCESSOR_TOKEN);
    assert.equal(data.account.mask, '0000');
    assert.deepEqual(project(data.numbers.ach, CHECKING_ACH), CHECKING_ACH);
    await expectPlaidError(galileo.processorAuthGet({ processor_token: created.processor_token }),
      400, 'INVALID_INPUT', 'INVALID_PROCESSOR_TOKEN');
  });

  test('removing the item revokes its processor tokens', async () => {
    const { item, token } = await checkingGrant();

    await app.itemRemove({ access_token: item.access_token });

    for (const read of READS) {
      await expectPlaidError(dwolla[read]({ processor_token: token }), 400, 'INVALID_INPUT', 'INVALID_PROCESSOR_TOKEN');
      await expectPlaidError(app[read]({ processor_token: token }), 400, 'INVALID_INPUT', 'INVALID_PROCESSOR_TOKEN');
    }
    await expectPlaidError(app.authGet({ access_token: item.access_token }), 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN');
  });

  test('auth get and balance get read the same numbers and balances with the access token', async () => {
    const { item, account } = await checkingGrant();

    const auth = (await app.authGet({ access_token: item.access_token, options: { account_ids: [account.account_id] } })).data;
    const balance = (await app.accountsBalanceGet({ access_token: item.access_token })).data;

    assert.deepEqual(auth.accounts.map((candidate) => candidate.account_id), [account.account_id]);
    const expectedAch = { ...CHECKING_ACH, account_id: account.account_id };
    assert.deepEqual(auth.numbers.ach.map((entry) => project(entry, expectedAch)), [expectedAch]);
    assert.deepEqual([auth.numbers.eft, auth.numbers.international, auth.numbers.bacs], [[], [], []]);
    assert.equal(balance.accounts.length, USER_GOOD.accounts.length);
    // Plaid uses min_last_updated_datetime only at Capital One; real-time balances ignore it.
    const future = new Date(Date.now() + 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
    const ignored = (await app.accountsBalanceGet({ access_token: item.access_token, options: { min_last_updated_datetime: future } })).data;
    assert.equal(ignored.accounts.length, USER_GOOD.accounts.length);
  });

  test('Capital One credit balances enforce min_last_updated_datetime', async () => {
    const created = await app.sandboxPublicTokenCreate({ institution_id: 'ins_128026', initial_products: ['auth'] });
    const { access_token } = (await app.itemPublicTokenExchange({ public_token: created.data.public_token })).data;
    const { accounts } = (await app.accountsGet({ access_token })).data;
    const card = accounts.find((candidate) => candidate.mask === '3333');
    const future = new Date(Date.now() + 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
    await expectPlaidError(
      app.accountsBalanceGet({ access_token, options: { account_ids: [card.account_id], min_last_updated_datetime: future } }),
      400, 'INVALID_RESULT', 'LAST_UPDATED_DATETIME_OUT_OF_RANGE',
    );
    await expectPlaidError(
      app.accountsBalanceGet({ access_token, options: { account_ids: [card.account_id] } }),
      400, 'INVALID_REQUEST', 'INVALID_FIELD',
    );
  });
});
