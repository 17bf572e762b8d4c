// A real OpenID provider (panva's oidc-provider, pinned in package.json) on loopback, for the tests of Link's
// OpenID Connect logins. One confidential client, Tartan, whose redirect URI is Tartan's callback; a few
// accounts; oidc-provider's own development pages for login and consent (any password is accepted there).
//
//   OIDC_REDIRECT_URI=http://127.0.0.1:8080/link/oidc/callback node server.js
//
// Environment: OIDC_REDIRECT_URI (required), OIDC_CLIENT_ID (default tartan), OIDC_CLIENT_SECRET (default a
// test secret), OIDC_PORT (default 0: any free port). Prints one JSON line {"issuer": …} when it listens, and
// stops on SIGTERM or when its standard input closes (so a test that dies does not leave it running).
import { createServer } from "node:http";
import { generateKeyPairSync, randomBytes } from "node:crypto";

import Provider from "oidc-provider";

// The provider's customers: the `sub` its ID tokens carry for each login name, and a few claims.
const ACCOUNTS = {
  alice: { name: "Alice Appleseed", email: "alice@bank.example" },
  bob: { name: "Bob Builder", email: "bob@bank.example" },
  // Logs in fine at the provider, but Tartan's catalogue has no end user for her.
  mallory: { name: "Mallory Stranger", email: "mallory@bank.example" },
};

const redirectUri = process.env.OIDC_REDIRECT_URI;
if (!redirectUri) {
  console.error("OIDC_REDIRECT_URI is required");
  process.exit(2);
}
const clientId = process.env.OIDC_CLIENT_ID || "tartan";
const clientSecret = process.env.OIDC_CLIENT_SECRET || "tartan-test-client-secret-0123456789abcdef";
const port = Number(process.env.OIDC_PORT || 0);

// A fresh RS256 signing key per run: Tartan must fetch it through discovery, never know it in advance.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" };

const server = createServer();
server.listen(port, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // Every authorization request must carry a PKCE S256 challenge, confidential client or not.
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], profile: ["name"], email: ["email"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const account = ACCOUNTS[sub];
      if (!account) return undefined;
      return { accountId: sub, async claims() { return { sub, ...account }; } };
    },
  });
  server.on("request", provider.callback());
  process.stdout.write(JSON.stringify({ issuer, client_id: clientId }) + "\n");
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdin.on("end", stop);
process.stdin.resume();
