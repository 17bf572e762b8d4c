#!/usr/bin/env node
// Link quickstart: the smallest app that uses Plaid Link against Tartan. No dependencies (Node 20+).
//
//   PLAID_CLIENT_ID=… PLAID_SECRET=… node examples/link-quickstart/server.js
//
// Environment: TARTAN_URL (default http://127.0.0.1:8080, with any base path, e.g. …/plaid-compatible),
// PLAID_CLIENT_ID, PLAID_SECRET (printed by `tartan serve` on its first start), PORT (default 3000).
// Open http://localhost:3000, press "Link an account", log in with user_good / pass_good.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const TARTAN_URL = (process.env.TARTAN_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const { PLAID_CLIENT_ID, PLAID_SECRET } = process.env;
const PORT = Number(process.env.PORT || 3000);
if (!PLAID_CLIENT_ID || !PLAID_SECRET) {
  console.error('Set PLAID_CLIENT_ID and PLAID_SECRET (tartan serve prints them on its first start).');
  process.exit(1);
}

// The app's server calls Plaid's API (here: Tartan's) with its secret; the page never sees it.
async function plaid(route, body) {
  const response = await fetch(`${TARTAN_URL}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'PLAID-CLIENT-ID': PLAID_CLIENT_ID, 'PLAID-SECRET': PLAID_SECRET },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw Object.assign(new Error(json.error_message), { plaid: json, status: response.status });
  return json;
}

const routes = {
  // Step 1: a link token for this user.
  '/api/create_link_token': () => plaid('/link/token/create', {
    client_name: 'Link quickstart',
    language: 'en',
    country_codes: ['US'],
    user: { client_user_id: 'quickstart-user' },
    products: ['identity'],
  }),
  // Step 3: the public token from onSuccess becomes an access token; then read the Item's identity.
  '/api/exchange': async ({ public_token: publicToken }) => {
    const { access_token: accessToken } = await plaid('/item/public_token/exchange', { public_token: publicToken });
    return plaid('/identity/get', { access_token: accessToken });
  },
};

const page = fs.readFileSync(path.join(__dirname, 'index.html'), 'utf8')
  .replace('__LINK_SCRIPT__', `${TARTAN_URL}/link/v2/stable/link-initialize.js`);

http.createServer(async (request, response) => {
  const send = (status, type, body) => { response.writeHead(status, { 'Content-Type': type }); response.end(body); };
  if (request.method === 'GET' && request.url === '/') return send(200, 'text/html; charset=utf-8', page);
  const route = request.method === 'POST' && routes[request.url];
  if (!route) return send(404, 'text/plain', 'not found');
  let body = '';
  for await (const chunk of request) body += chunk;
  try {
    return send(200, 'application/json', JSON.stringify(await route(body ? JSON.parse(body) : {})));
  } catch (error) {
    return send(error.status || 500, 'application/json', JSON.stringify(error.plaid || { error_message: String(error) }));
  }
}).listen(PORT, '127.0.0.1', () => console.log(`Link quickstart on http://localhost:${PORT} (Tartan at ${TARTAN_URL})`));
