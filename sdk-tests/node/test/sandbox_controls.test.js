'use strict';
// Tartan's sandbox clock and failures on demand, as an app's own tests use them: fetch for the controls, the
// `plaid` npm client for the calls under test. A client of its own (TARTAN_CONTROLS_NODE_ID / _SECRET, created
// by run.sh), so its clock and failures disturb no other test file running alongside.
const assert = require('node:assert/strict');
const { after, describe, test } = require('node:test');
const { expectPlaidError, linkItem, plaidClient, serverSettings } = require('../lib/tartan');

const server = serverSettings();
const clientId = process.env.TARTAN_CONTROLS_NODE_ID;
const secret = process.env.TARTAN_CONTROLS_NODE_SECRET;
const skip = server.skip || (!(clientId && secret)
  && 'TARTAN_CONTROLS_NODE_ID / _SECRET not set: a client of its own for these tests (run.sh creates it)');

async function control(path, body) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'PLAID-CLIENT-ID': clientId, 'PLAID-SECRET': secret },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  assert.equal(response.status, 200, JSON.stringify(answer));
  return answer;
}

describe('sandbox clock and failures on demand', { skip }, () => {
  const client = skip ? null : plaidClient({ url: server.url, clientId, secret });
  after(async () => { if (!skip) await control('/sandbox/failures/clear', {}); });

  test('advancing the clock past 30 minutes expires the public token', async () => {
    const created = await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: ['auth'] });

    const clock = await control('/sandbox/clock/advance', { seconds: 31 * 60 });

    assert.ok(clock.offset_seconds >= 31 * 60);
    await expectPlaidError(client.itemPublicTokenExchange({ public_token: created.data.public_token }),
      400, 'INVALID_INPUT', 'INVALID_PUBLIC_TOKEN');
  });

  test('half the calls fail with Plaid\'s INTERNAL_SERVER_ERROR body', async () => {
    const item = await linkItem(client);
    await control('/sandbox/failures/set', { error_percent: 50, error_code: 'INTERNAL_SERVER_ERROR' });

    let failed = 0;
    for (let call = 0; call < 100; call += 1) {
      try {
        await client.accountsGet({ access_token: item.access_token });
      } catch (error) {
        assert.ok(error.response, String(error));
        assert.equal(error.response.status, 500);
        assert.equal(error.response.data.error_type, 'API_ERROR');
        assert.equal(error.response.data.error_code, 'INTERNAL_SERVER_ERROR');
        assert.ok(error.response.data.request_id);
        failed += 1;
      }
    }

    // Binomial(100, 0.5): 25..75 is five standard deviations either side.
    assert.ok(failed >= 25 && failed <= 75, `${failed} of 100 failed`);
  });
});
