'use strict';
// The default Sandbox user through the whole Item lifecycle, via the official `plaid` npm client.
const assert = require('node:assert/strict');
const { describe, test } = require('node:test');
const {
  BASE_PATH, OPERATIONS, USER_GOOD, expectPlaidError, linkItem, plaidClient, project, serverSettings, unordered, validators,
} = require('../lib/tartan');

const settings = serverSettings();
const expectedMasks = USER_GOOD.accounts.map((account) => account.mask).sort();

test('raw responses are validated against the Plaid spec schemas', { skip: validators.skipReason }, () => {
  for (const operation of Object.values(OPERATIONS)) assert.ok(validators.byOperation[operation], `no schema for ${operation}`);
});

describe('default user flow', { skip: settings.skip }, () => {
  const client = settings.skip ? null : plaidClient(settings);

  test('public token create and exchange give sandbox tokens', async () => {
    const created = await client.sandboxPublicTokenCreate({ institution_id: USER_GOOD.institution_id, initial_products: ['identity'] });

    const exchanged = await client.itemPublicTokenExchange({ public_token: created.data.public_token });

    assert.match(created.data.public_token, /^public-sandbox-/);
    assert.match(exchanged.data.access_token, /^access-sandbox-/);
    assert.ok(exchanged.data.item_id);
  });

  test('accounts get returns the twelve user_good accounts', async () => {
    const item = await linkItem(client);

    const { data } = await client.accountsGet({ access_token: item.access_token });

    assert.deepEqual(data.accounts.map((account) => account.mask).sort(), expectedMasks);
    for (const expected of USER_GOOD.accounts) {
      const account = data.accounts.find((candidate) => candidate.mask === expected.mask);
      assert.deepEqual(project(account, expected), expected);
    }
    assert.equal(data.item.item_id, item.item_id);
  });

  test('accounts get filtered by account ids returns only those accounts', async () => {
    const item = await linkItem(client);
    const all = (await client.accountsGet({ access_token: item.access_token })).data.accounts;
    const wanted = all.filter((account) => ['0000', '3333'].includes(account.mask)).map((a) => a.account_id);

    const { data } = await client.accountsGet({ access_token: item.access_token, options: { account_ids: wanted } });

    assert.deepEqual(data.accounts.map((account) => account.account_id).sort(), [...wanted].sort());
  });

  test('item get describes the item at First Platypus Bank', async () => {
    const item = await linkItem(client);

    const { data } = await client.itemGet({ access_token: item.access_token });

    assert.equal(data.item.item_id, item.item_id);
    assert.equal(data.item.institution_id, USER_GOOD.institution_id);
    assert.equal(data.item.institution_name, USER_GOOD.institution_name);
    assert.equal(data.item.error, null);
    assert.ok(data.item.products.includes('identity'));
  });

  test('identity get returns Alberta Charleson as owner of every account', async () => {
    const item = await linkItem(client);

    const { data } = await client.identityGet({ access_token: item.access_token });

    assert.deepEqual(data.accounts.map((account) => account.mask).sort(), expectedMasks);
    for (const account of data.accounts) {
      assert.equal(account.owners.length, 1);
      const [owner] = account.owners;
      assert.deepEqual(owner.names, USER_GOOD.owner.names);
      assert.deepEqual(unordered(owner.emails), unordered(USER_GOOD.owner.emails));
      assert.deepEqual(unordered(owner.addresses), unordered(USER_GOOD.owner.addresses));
      assert.equal(owner.phone_numbers.length, USER_GOOD.owner.phone_number_count);
    }
  });

  test('identity get filtered by account ids returns only those accounts', async () => {
    const item = await linkItem(client);
    const all = (await client.accountsGet({ access_token: item.access_token })).data.accounts;
    const wanted = all.find((account) => account.mask === '1111').account_id;

    const { data } = await client.identityGet({ access_token: item.access_token, options: { account_ids: [wanted] } });

    assert.deepEqual(data.accounts.map((account) => account.account_id), [wanted]);
  });

  test('after item remove the access token is rejected as invalid', async () => {
    const item = await linkItem(client);

    const removed = await client.itemRemove({ access_token: item.access_token });

    assert.deepEqual(Object.keys(removed.data), ['request_id']);
    await expectPlaidError(client.accountsGet({ access_token: item.access_token }), 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN');
    await expectPlaidError(client.identityGet({ access_token: item.access_token }), 400, 'INVALID_INPUT', 'INVALID_ACCESS_TOKEN');
  });

  test('the identity flow also works under the base path', async () => {
    const prefixed = plaidClient(settings, BASE_PATH);
    const item = await linkItem(prefixed);

    const { data } = await prefixed.identityGet({ access_token: item.access_token });

    assert.deepEqual(data.accounts.map((account) => account.mask).sort(), expectedMasks);
    assert.deepEqual(data.accounts[0].owners[0].names, USER_GOOD.owner.names);
  });
});
