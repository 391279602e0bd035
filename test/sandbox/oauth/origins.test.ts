import { describe, expect, it } from 'vitest';
import { SEEDED_ADMIN_LOGINS } from '../support/admin-tokens';
import { sandboxPerFile } from '../support/sandbox-per-file';
import { callApi, discover, newKeyPair, resourceProof, signInAgent } from './support/oauth-client';

// The issuer is the org domain (the public URL when there is one); in custom-domain mode the org
// AS stays on the org domain, while API calls with DPoP are checked against the origin they were
// addressed to.

describe('the org authorization server on a public URL', () => {
  const sandbox = sandboxPerFile({ users: 20, seed: 'oauth-public-url', publicUrl: 'https://acme.okta.test' });

  it('publishes the public URL as issuer and in every endpoint', async () => {
    const body = (await (await fetch(`${sandbox.url}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(sandbox.oauth.issuer).toBe('https://acme.okta.test');
    expect(body.issuer).toBe('https://acme.okta.test');
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'revocation_endpoint', 'userinfo_endpoint']) {
      expect(new URL(body[field] ?? '').origin, field).toBe('https://acme.okta.test');
    }
  });

  it('names the public URL in its challenges\' realm', async () => {
    const keys = await newKeyPair();
    const answer = await callApi(sandbox, '/api/v1/users', { authorization: 'DPoP not-a-token', dpop: await resourceProof(keys, 'https://acme.okta.test/api/v1/users', 'not-a-token') });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('realm="http://acme.okta.test"');
  });
});

describe('the org authorization server in custom-domain mode', () => {
  const sandbox = sandboxPerFile({ users: 20, seed: 'oauth-custom-domain', customDomain: { listen: true } });

  it('keeps the issuer on the org domain and checks API proofs against the custom domain when called there', async () => {
    const config = await discover(sandbox, sandbox.oauth.nativeClientId);
    expect(config.serverMetadata().issuer).toBe(sandbox.url);
    const { tokens, dpopKeys } = await signInAgent(sandbox, config, SEEDED_ADMIN_LOGINS.superAdmin);
    const custom = sandbox.customDomainListenUrl ?? '';
    const onCustom = await fetch(`${custom}/api/v1/users?limit=1`, {
      headers: { authorization: `DPoP ${tokens.access_token}`, dpop: await resourceProof(dpopKeys, `${custom}/api/v1/users`, tokens.access_token) },
    });
    expect(onCustom.status).toBe(200);
    const wrongOrigin = await fetch(`${custom}/api/v1/users?limit=1`, {
      headers: { authorization: `DPoP ${tokens.access_token}`, dpop: await resourceProof(dpopKeys, `${sandbox.url}/api/v1/users`, tokens.access_token) },
    });
    expect(wrongOrigin.status).toBe(400);
  });
});
