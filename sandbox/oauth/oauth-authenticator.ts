import type { FastifyRequest } from 'fastify';
import { ChallengeError } from '../errors';
import { linkOrigin } from '../links';
import type { Org } from '../org';
import type { Authenticator } from '../pipeline/authentication';
import { pathOf } from '../pipeline/paths';
import { unroutedPermission } from '../pipeline/permission';
import type { Principal } from '../principals/principal';
import { verifyAccessToken } from './access-token-verifier';
import type { DpopProofVerifier } from './dpop-proof-verifier';
import type { OrgAuthorizationServer } from './org-authorization-server';
import { challengeHeader, invalidToken } from './www-authenticate';

const ACCESS_TOKEN_HEADER = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Users whose tokens stop working (Okta revokes a user's tokens when it suspends or deactivates them). */
const SIGNED_OUT_STATUSES = new Set(['SUSPENDED', 'DEPROVISIONED']);

/**
 * Turns an org authorization server access token (`Authorization: Bearer …` or `DPoP …` with its
 * proof) into the principal it stands for: the signed-in agent (their roles, through the app's
 * client id) or a service app (its own roles). Refusals are Okta's, with their challenges:
 * - not one of the org's live tokens → 401 `invalid_token` (+ E0000011);
 * - a DPoP-bound token sent as Bearer → 400 `invalid_request` "The resource request requires a DPoP proof.";
 * - a bad proof → 400 `invalid_dpop_proof` (dpop-proof-verifier.ts);
 * - scheme DPoP with a token that is not bound → 401 `invalid_token` (Okta's answer is not documented).
 * The scope check comes later, in the permission step, once the route's need is known for sure.
 */
export class OAuthAuthenticator implements Authenticator {
  constructor(
    private readonly org: Org,
    private readonly server: OrgAuthorizationServer,
    private readonly proofs: DpopProofVerifier,
  ) {}

  async principalFor(request: FastifyRequest): Promise<Principal | null> {
    const match = ACCESS_TOKEN_HEADER.exec(request.headers.authorization ?? '');
    if (!match?.[1] || !match[2]) return null;
    const scheme = match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    const accessToken = match[2];
    const path = pathOf(request);
    const needed = request.is404 ? unroutedPermission(request.method, path) : request.routeOptions.config?.permission;
    const scope = needed?.startsWith('okta.') ? needed : undefined;
    const orgOrigin = this.org.origins.orgDomain;

    const claims = await verifyAccessToken(this.server, accessToken);
    const app = claims ? this.org.oauthApps.get(claims.cid) : undefined;
    if (!claims || !app) throw invalidToken(scheme, orgOrigin, path, scope);

    const boundTo = claims.cnf?.jkt;
    if (boundTo) {
      if (scheme === 'Bearer') {
        throw new ChallengeError(400, {
          'WWW-Authenticate': challengeHeader('Bearer', orgOrigin, { scope, error: 'invalid_request', description: 'The resource request requires a DPoP proof.', resource: path }),
        }, null);
      }
      const proof = request.headers.dpop;
      await this.proofs.verify({
        proof: typeof proof === 'string' ? proof : undefined,
        method: request.method,
        // The URL as the caller addressed it: the origin it came in on (public URL, custom domain).
        url: new URL(`${linkOrigin(this.org.origins)}${path}`),
        accessToken,
        boundTo,
        orgOrigin,
        scope,
      });
    } else if (scheme === 'DPoP') {
      throw invalidToken('DPoP', orgOrigin, path, scope, 'The access token is not DPoP-bound.');
    }

    const scopes = new Set(claims.scp);
    if (claims.uid !== undefined) {
      const user = this.org.directory.get(claims.uid);
      if (!user || SIGNED_OUT_STATUSES.has(user.status)) throw invalidToken(scheme, orgOrigin, path, scope);
      return {
        kind: 'agent',
        rateLimitId: app.clientId,
        rateLimitType: 'OAUTH_CLIENT',
        assignee: { kind: 'user', userId: user.id },
        userId: user.id,
        scopes,
        apiTokenId: null,
        clientId: app.clientId,
        scheme,
      };
    }
    return {
      kind: 'serviceApp',
      rateLimitId: app.clientId,
      rateLimitType: 'OAUTH_CLIENT',
      assignee: { kind: 'client', clientId: app.clientId },
      userId: null,
      scopes,
      apiTokenId: null,
      clientId: app.clientId,
      scheme,
    };
  }
}
