import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { OrgAuthorizationServer } from './org-authorization-server';

/** The claims of an org AS access token the resource server relies on. */
export interface AccessTokenClaims extends JWTPayload {
  jti: string;
  cid: string;
  uid?: string;
  scp: string[];
  cnf?: { jkt?: string };
}

function hasClaims(payload: JWTPayload): payload is AccessTokenClaims {
  const { jti, cid, scp, uid, cnf } = payload as Record<string, unknown>;
  return typeof jti === 'string' && typeof cid === 'string' && Array.isArray(scp) && scp.every((scope) => typeof scope === 'string')
    && (uid === undefined || typeof uid === 'string')
    && (cnf === undefined || (typeof cnf === 'object' && cnf !== null));
}

/**
 * Checks an access token the org authorization server issued: signed with its key (RS256), for this
 * org (issuer and audience = the org's origin), not expired, with the claims Okta's carry, and
 * still live in the issued-token ledger (not revoked, its grant not revoked, its hour of org time
 * not over). Null for anything else.
 */
export async function verifyAccessToken(server: OrgAuthorizationServer, token: string): Promise<AccessTokenClaims | null> {
  if (!server.started) return null;
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(server.publicKeys), {
      issuer: server.issuer,
      audience: server.issuer,
      algorithms: ['RS256'],
    });
    if (!hasClaims(payload)) return null;
    return server.issuedTokens.isLive(payload.jti, payload.cid) ? payload : null;
  } catch {
    return null;
  }
}
