import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ChallengeError } from '../errors';
import type { Org } from '../org';
import { requires } from '../permissions';
import { USERINFO_PATH } from './oauth-paths';

/** Okta's `/userinfo` challenges (oauth-org-as.yaml): plain, without realm or resource. */
const invalid = (): ChallengeError => new ChallengeError(401, { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token is invalid"' }, null);
const noOpenId = (): ChallengeError =>
  new ChallengeError(403, { 'WWW-Authenticate': 'Bearer error="insufficient_scope", error_description="The access token must provide access to at least one of these scopes - profile, email, address or phone"' }, null);

/**
 * `/oauth2/v1/userinfo` as Okta's org AS answers it: the signed-in user's claims for an access token
 * with `openid` (profile and email claims when those scopes were granted), Bearer or DPoP alike.
 * The sandbox serves it itself because oidc-provider looks access tokens up in its storage, where
 * the org's JWT access tokens never are. A service app's token has no user: 401.
 */
export const userinfoRoute: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  const answer = async (request: FastifyRequest) => {
    const principal = request.principal;
    if (!principal || principal.scheme === 'SSWS' || principal.scopes === null) throw request.credentialRefusal ?? invalid();
    const user = principal.userId ? org.directory.get(principal.userId) : undefined;
    if (!user) throw invalid();
    if (!principal.scopes.has('openid')) throw noOpenId();
    return {
      sub: user.id,
      ...(principal.scopes.has('profile')
        ? {
            name: `${user.profile.firstName} ${user.profile.lastName}`,
            locale: user.profile.locale,
            preferred_username: user.profile.login,
            given_name: user.profile.firstName,
            family_name: user.profile.lastName,
            zoneinfo: user.profile.timeZone,
            updated_at: Math.floor(user.lastUpdated / 1000),
          }
        : {}),
      ...(principal.scopes.has('email') ? { email: user.profile.email, email_verified: true } : {}),
    };
  };
  app.get(USERINFO_PATH, requires('public'), answer);
  app.post(USERINFO_PATH, requires('public'), answer);
};
