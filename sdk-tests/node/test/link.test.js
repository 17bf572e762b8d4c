'use strict';
// Link tokens and institutions through the official `plaid` npm client; every raw body checked against the spec.
const assert = require('node:assert/strict');
const { describe, test } = require('node:test');
const { expectPlaidError, linkItem, plaidClient, serverSettings } = require('../lib/tartan');

const settings = serverSettings();

describe('link tokens and institutions', { skip: settings.skip }, () => {
  const client = settings.skip ? null : plaidClient(settings);
  const tokenRequest = {
    client_name: 'SDK test', language: 'en', country_codes: ['US'], user: { client_user_id: 'sdk-user' }, products: ['auth'],
  };

  test('linkTokenCreate and linkTokenGet describe the token', async () => {
    const { data: created } = await client.linkTokenCreate({ ...tokenRequest, hosted_link: {} });
    assert.match(created.link_token, /^link-sandbox-/);
    assert.match(created.hosted_link_url, /\/link\/v2\/stable\/link\.html\?token=link-sandbox-/);
    const { data } = await client.linkTokenGet({ link_token: created.link_token });
    assert.equal(data.link_token, created.link_token);
    assert.deepEqual(data.metadata.initial_products, ['auth']);
    assert.deepEqual(data.link_sessions, []);
  });

  test('update mode takes an access token and no products; a bad language is INVALID_FIELD', async () => {
    const item = await linkItem(client);
    const { products, ...update } = tokenRequest;
    const { data } = await client.linkTokenCreate({ ...update, access_token: item.access_token });
    assert.match(data.link_token, /^link-sandbox-/);
    await expectPlaidError(client.linkTokenCreate({ ...tokenRequest, language: 'xx' }), 400, 'INVALID_REQUEST', 'INVALID_FIELD');
  });

  test('institutions are listed, searched and fetched by id', async () => {
    const { data: page } = await client.institutionsGet({ count: 5, offset: 0, country_codes: ['US'] });
    assert.equal(page.institutions.length, 5);
    const { data: found } = await client.institutionsSearch({
      query: 'First Platypus', products: ['auth'], country_codes: ['US'], options: { include_optional_metadata: true },
    });
    assert.equal(found.institutions[0].institution_id, 'ins_109508');
    const { data: one } = await client.institutionsGetById({ institution_id: 'ins_127287', country_codes: ['US'] });
    assert.equal(one.institution.oauth, true);
  });
});
