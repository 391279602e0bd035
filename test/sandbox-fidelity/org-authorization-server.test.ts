import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { load } from 'js-yaml';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { FaultInjector } from '../../sandbox/fault-injector';
import { API_TOKEN_ONLY_ROUTES } from '../../sandbox/oauth/api-token-only-routes';
import { OrgAuthorizationServer } from '../../sandbox/oauth/org-authorization-server';
import { DEFAULT_TIMINGS, Org } from '../../sandbox/org';
import { DEFAULT_RATE_LIMITS, RateLimiter } from '../../sandbox/rate-limiter';
import { buildServer } from '../../sandbox/server';
import { oktaReferenceDir, sharedMaterialPresent } from '../support/shared-material';
import { discover, dpopCall, registerApp, serviceApp, signInAgent } from '../sandbox/oauth/support/oauth-client';
import { isObject } from './support/json-path';
import { OktaOpenApi } from './support/okta-openapi';

// The sandbox's org authorization server against Okta's reference: discovery, keys, token answers
// and token errors against oauth-org-as.yaml (schemas and the org AS example's values), DPoP
// answers against dpop.md, the scope every Okta API route needs against management-minimal.yaml's
// `security` blocks, and the System Log event types against event-types.json.

const referencePresent = sharedMaterialPresent(oktaReferenceDir, 'org authorization server fidelity tests (test/sandbox-fidelity/org-authorization-server.test.ts)');

/** `{yourOktaDomain}` in Okta's examples, as this org's origin. */
const onOrg = (value: unknown, origin: string): unknown => (typeof value === 'string' ? value.replace('https://{yourOktaDomain}', origin) : value);

async function rawToken(sandbox: RunningSandbox, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.url}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.skipIf(!referencePresent)("the sandbox's org authorization server follows Okta's reference", () => {
  let spec: OktaOpenApi;
  let example: Record<string, unknown>;
  let sandbox: RunningSandbox;
  let schemaDpopAlgs: string[];

  beforeAll(async () => {
    spec = new OktaOpenApi(oktaReferenceDir, 'oauth-org-as.yaml');
    const document = load(readFileSync(join(oktaReferenceDir, 'oauth-org-as.yaml'), 'utf8')) as { components: { schemas: { OAuthMetadata: { properties: { dpop_signing_alg_values_supported: { items: { enum: string[] } } } } } } };
    schemaDpopAlgs = document.components.schemas.OAuthMetadata.properties.dpop_signing_alg_values_supported.items.enum;
    example = spec.example('OrgASOidcMetadata') as Record<string, unknown>;
    sandbox = await startSandbox({ port: 0, users: 30, seed: 'org-as-fidelity' });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const validate = (schema: string, body: unknown): void => {
    const result = spec.validateSchema(schema, body);
    expect(result.valid ? [] : result.errors, `${schema}: ${JSON.stringify(body).slice(0, 400)}`).toEqual([]);
  };

  test('both discovery documents match OidcMetadata / OAuthMetadata and carry the org AS example\'s values', async () => {
    for (const [path, schema] of [['/.well-known/openid-configuration', 'OidcMetadata'], ['/.well-known/oauth-authorization-server', 'OAuthMetadata']] as const) {
      const response = await fetch(`${sandbox.url}${path}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      validate(schema, body);
      for (const field of ['issuer', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'revocation_endpoint', 'end_session_endpoint']) {
        expect(body[field], field).toBe(onOrg(example[field], sandbox.url));
      }
      for (const field of ['token_endpoint_auth_methods_supported', 'revocation_endpoint_auth_methods_supported', 'code_challenge_methods_supported', 'id_token_signing_alg_values_supported', 'subject_types_supported']) {
        expect(body[field], field).toEqual(example[field]);
      }
      expect(example.scopes_supported).toEqual(expect.arrayContaining(body.scopes_supported as string[]));
      // The set oauth-org-as.yaml's schema allows, in the order Okta prints in its DPoP challenges.
      expect(body.dpop_signing_alg_values_supported).toEqual(['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512']);
      expect([...(body.dpop_signing_alg_values_supported as string[])].sort()).toEqual([...schemaDpopAlgs].sort());
    }
  });

  test('/oauth2/v1/keys matches OAuthKeys and holds public keys only', async () => {
    const keys = (await (await fetch(`${sandbox.url}/oauth2/v1/keys`)).json()) as { keys: Array<Record<string, unknown>> };
    validate('OAuthKeys', keys);
    expect(keys.keys.length).toBeGreaterThan(0);
    for (const key of keys.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
      expect(key.d).toBeUndefined();
    }
  });

  test('token answers match TokenResponse (Bearer), and dpop.md\'s DPoP answer', async () => {
    const bearerApp = await serviceApp(sandbox, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: false });
    const bearer = await oidc.clientCredentialsGrant(bearerApp.config, { scope: 'okta.users.read' });
    validate('TokenResponse', { access_token: bearer.access_token, token_type: 'Bearer', expires_in: bearer.expires_in, scope: bearer.scope });

    // openid-client lower-cases token_type: the raw answers, seen through its fetch, say what the org writes.
    const config = await discover(sandbox, sandbox.oauth.nativeClientId);
    const answers: Array<Record<string, unknown>> = [];
    config[oidc.customFetch] = async (url, options) => {
      const response = await fetch(url, options as RequestInit);
      if (new URL(url).pathname === '/oauth2/v1/token' && response.status === 200) answers.push((await response.clone().json()) as Record<string, unknown>);
      return response;
    };
    await signInAgent(sandbox, config, 'sam.shaw@example.org');
    const [dpopAnswer] = answers;
    expect(dpopAnswer).toMatchObject({ token_type: 'DPoP', expires_in: 3600, access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String), scope: expect.any(String) });
    // TokenResponse's token_type enum (Bearer, N_A) predates DPoP; dpop.md's answer says "DPoP".
    const { token_type: tokenType, ...rest } = dpopAnswer ?? {};
    expect(tokenType).toBe('DPoP');
    validate('TokenResponse', rest);
  });

  test('token errors match OAuthError with the descriptions of Okta\'s examples', async () => {
    const examples = (name: string) => spec.example(name) as { error: string; error_description: string };
    const code = await rawToken(sandbox, { grant_type: 'authorization_code', code: 'made-up', redirect_uri: sandbox.oauth.nativeRedirectUris[0] ?? '', client_id: sandbox.oauth.nativeClientId, code_verifier: 'x'.repeat(43) });
    // A DPoP app asks for a nonce first; a non-DPoP native app shows the code error itself.
    const { clientId } = await registerApp(sandbox, { type: 'native', redirectUris: ['http://127.0.0.1:47821/callback'], dpop: false });
    const plainCode = await rawToken(sandbox, { grant_type: 'authorization_code', code: 'made-up', redirect_uri: 'http://127.0.0.1:47821/callback', client_id: clientId, code_verifier: 'x'.repeat(43) });
    for (const answer of [code, plainCode]) {
      expect(answer.status).toBe(400);
      validate('OAuthError', answer.body);
    }
    expect(plainCode.body).toEqual(examples('OAuthError400InvalidGrant_InvalidAuthCode'));

    const app = await serviceApp(sandbox, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: false });
    try {
      await oidc.clientCredentialsGrant(app.config, {});
      throw new Error('not refused');
    } catch (error) {
      expect({ error: (error as { error: string }).error, error_description: (error as { error_description: string }).error_description }).toEqual(examples('OAuthError400InvalidScope_MissingScopes'));
    }
  });

  test('every Okta API route needs the scope management-minimal.yaml\'s security block names; API-token-only routes are exactly those without oauth2', async () => {
    const document = load(readFileSync(join(oktaReferenceDir, 'management-minimal.yaml'), 'utf8')) as { paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>> };
    const normalize = (path: string): string => path.replace(/\{[^}]+\}/g, '{}').replace(/:[A-Za-z]+/g, '{}');
    const documented = new Map<string, Array<Record<string, string[]>>>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (isObject(operation) && Array.isArray(operation.security)) documented.set(`${method.toUpperCase()} ${normalize(path)}`, operation.security);
      }
    }

    const org = new Org('scopes-fidelity', 5, DEFAULT_TIMINGS);
    const app: FastifyInstance = buildServer({ org, rateLimiter: new RateLimiter(org.clock, DEFAULT_RATE_LIMITS), authorizationServer: new OrgAuthorizationServer(org), faults: new FaultInjector(), bodyLimitBytes: 1024, logger: false });
    const routes: Array<{ method: string; url: string; permission: string | undefined }> = [];
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, permission: route.config?.permission });
    });
    await app.ready();
    await app.close();

    let compared = 0;
    const apiTokenOnly: string[] = [];
    for (const route of routes) {
      const security = documented.get(`${route.method} ${normalize(route.url)}`);
      if (!security) continue;
      compared++;
      const oauth = security.find((entry) => 'oauth2' in entry)?.oauth2;
      if (!oauth) {
        apiTokenOnly.push(`${route.method} ${route.url}`);
        continue;
      }
      expect(oauth, `${route.method} ${route.url}`).toContain(route.permission);
    }
    expect(compared).toBeGreaterThan(20);
    expect(apiTokenOnly.sort()).toEqual([...API_TOKEN_ONLY_ROUTES].sort());
  });

  test('the System Log event types the OAuth flows write are Okta\'s', async () => {
    const config = await discover(sandbox, sandbox.oauth.nativeClientId);
    const { tokens, dpop, dpopKeys } = await signInAgent(sandbox, config, 'hana.hughes@example.org');
    const rotated = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '', undefined, { DPoP: dpop });
    await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '', undefined, { DPoP: dpop }).catch(() => undefined);
    await oidc.tokenRevocation(config, rotated.access_token);
    expect((await dpopCall(sandbox, dpopKeys, rotated.access_token, '/api/v1/users?limit=1')).status).toBe(401);

    const logs = (await (await fetch(`${sandbox.url}/api/v1/logs?limit=1000`, { headers: { authorization: `SSWS ${sandbox.token}` } })).json()) as Array<{ eventType: string }>;
    const types = new Set(logs.map((event) => event.eventType));
    for (const expected of ['user.session.start', 'app.oauth2.token.grant.access_token', 'app.oauth2.token.grant.refresh_token', 'app.oauth2.token.grant.id_token', 'app.oauth2.token.detect_reuse', 'app.oauth2.token.revoke', 'application.lifecycle.create']) {
      expect(types, expected).toContain(expected);
    }
    const known = readFileSync(join(oktaReferenceDir, 'event-types.json'), 'utf8');
    for (const type of types) expect(known, `eventType ${type} is not one of Okta's`).toContain(`"${type}"`);
  });
});
