import type { JsonWebKey } from 'node:crypto';
import { parseRoleSpecs } from '../control/requests';
import { validation } from '../errors';
import { asObject } from '../request-body';
import type { RoleSpec } from '../roles/grant-roles';
import { isOktaApiScope, OKTA_API_SCOPES, type OktaApiScope } from './scopes';

interface CommonAppRequest {
  name: string | undefined;
  /** Okta API scopes to grant the app. */
  scopes: OktaApiScope[];
  /** Require DPoP (true unless `"dpop": false`, as new API service apps in Okta). */
  dpop: boolean;
}

export type AppRequest =
  | (CommonAppRequest & { type: 'native'; redirectUris: string[] })
  | (CommonAppRequest & { type: 'service'; jwks: { keys: JsonWebKey[] }; roles: RoleSpec[] });

/** Private-key members of a JWK (RSA and EC): a registered key must be public. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function parseScopes(raw: unknown, required: boolean, causes: string[]): OktaApiScope[] {
  if (raw === undefined) {
    if (required) causes.push(`scopes: a service app needs the Okta API scopes it may ask for (${OKTA_API_SCOPES.join(', ')})`);
    return [...OKTA_API_SCOPES];
  }
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((scope) => typeof scope !== 'string' || !isOktaApiScope(scope))) {
    causes.push(`scopes: must be a non-empty array of ${OKTA_API_SCOPES.join(', ')}`);
    return [];
  }
  return [...new Set(raw as OktaApiScope[])];
}

function parseJwks(raw: unknown, causes: string[]): { keys: JsonWebKey[] } {
  const keys = typeof raw === 'object' && raw !== null ? (raw as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys) || keys.length === 0 || keys.some((key) => typeof key !== 'object' || key === null || typeof (key as JsonWebKey).kty !== 'string')) {
    causes.push('jwks: must be a JWK set {"keys": [ … ]} with the public key(s) the app signs its client assertions with');
    return { keys: [] };
  }
  if (keys.some((key) => PRIVATE_MEMBERS.some((member) => member in (key as object)))) {
    causes.push('jwks: holds a private key; register the public key only');
  }
  return { keys: keys as JsonWebKey[] };
}

/**
 * `POST /sandbox/v1/apps`:
 * - `{"type": "native", "redirectUris": ["http://127.0.0.1:47801/callback"], "scopes"?: [...], "dpop"?: false, "name"?: …}`
 *   (scopes default to every Okta API scope the sandbox knows);
 * - `{"type": "service", "jwks": {"keys": [...]}, "scopes": [...], "roles"?: ["HELP_DESK_ADMIN"], "groupIds"?: [...], "dpop"?: false, "name"?: …}`.
 */
export function parseAppRequest(rawBody: unknown, groupExists: (id: string) => boolean): AppRequest {
  const body = asObject(rawBody);
  const causes: string[] = [];
  const type = body.type;
  if (type !== 'native' && type !== 'service') throw validation('app', ['type: must be "native" or "service"']);
  const known = new Set(type === 'native' ? ['type', 'name', 'scopes', 'dpop', 'redirectUris'] : ['type', 'name', 'scopes', 'dpop', 'jwks', 'roles', 'groupIds']);
  for (const key of Object.keys(body)) if (!known.has(key)) causes.push(`${key}: not a setting of a ${type} app`);
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '' || body.name.length > 100)) causes.push('name: must be a label of 1 to 100 characters');
  if (body.dpop !== undefined && typeof body.dpop !== 'boolean') causes.push('dpop: must be true or false');
  const common: CommonAppRequest = {
    name: typeof body.name === 'string' ? body.name.trim() : undefined,
    scopes: parseScopes(body.scopes, type === 'service', causes),
    dpop: body.dpop !== false,
  };

  if (type === 'native') {
    const uris = body.redirectUris;
    if (!Array.isArray(uris) || uris.length === 0 || uris.some((uri) => typeof uri !== 'string' || URL.parse(uri) === null)) {
      causes.push('redirectUris: must be a non-empty array of absolute URLs (matched exactly, port included)');
    }
    if (causes.length) throw validation('app', causes);
    return { ...common, type, redirectUris: [...new Set(uris as string[])] };
  }
  const jwks = parseJwks(body.jwks, causes);
  const roles = parseRoleSpecs(body.roles, body.groupIds, groupExists, causes) ?? [];
  if (causes.length) throw validation('app', causes);
  return { ...common, type, jwks, roles };
}

/** `POST /sandbox/v1/resource-server`: `{"requireNonce": true}` makes resource requests need a DPoP nonce. */
export function parseResourceServerSettings(rawBody: unknown): { requireNonce: boolean } {
  const body = asObject(rawBody);
  const causes = Object.keys(body).filter((key) => key !== 'requireNonce').map((key) => `${key}: unknown resource server setting`);
  if (typeof body.requireNonce !== 'boolean') causes.push('requireNonce: must be true or false');
  if (causes.length) throw validation('resource-server', causes);
  return { requireNonce: body.requireNonce as boolean };
}
