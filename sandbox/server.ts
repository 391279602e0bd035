import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { authenticatorRoutes } from './authenticators/routes';
import { authnRoutes } from './authn/routes';
import { controlRoutes } from './control/routes';
import { scenarioRoutes } from './control/scenario-routes';
import { userRoutes } from './directory/routes';
import { factorRoutes } from './factors/routes';
import type { FaultInjector } from './fault-injector';
import { groupRoutes } from './groups/routes';
import { logRoutes } from './logs/routes';
import { oauthControlRoutes } from './oauth/control-routes';
import { DpopProofVerifier } from './oauth/dpop-proof-verifier';
import { OAuthAuthenticator } from './oauth/oauth-authenticator';
import type { OrgAuthorizationServer } from './oauth/org-authorization-server';
import { providerHandOff } from './oauth/provider-hand-off';
import { signInRoutes } from './oauth/sign-in-routes';
import { userinfoRoute } from './oauth/userinfo-route';
import type { Org } from './org';
import { requires } from './permissions';
import { authentication, type Authenticator } from './pipeline/authentication';
import { concurrencyLimit } from './pipeline/concurrency';
import { faultInjection } from './pipeline/faults';
import { jsonBodies } from './pipeline/json-bodies';
import { oktaErrors } from './pipeline/okta-errors';
import { oktaResponseHeaders } from './pipeline/okta-response-headers';
import { permission } from './pipeline/permission';
import { phonePageRoutes } from './phone-page/routes';
import { rateLimit } from './pipeline/rate-limit';
import { requestOrigin } from './pipeline/request-origin';
import type { RateLimiter } from './rate-limiter';
import { secureToken } from './random';
import { roleRoutes } from './roles/routes';

export interface ServerParts {
  org: Org;
  /** The org authorization server; it starts once the org listens (index.ts). */
  authorizationServer: OrgAuthorizationServer;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  bodyLimitBytes: number;
  logger: boolean;
}

const orgIndex: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  app.get('/', requires('public'), async () => ({ name: 'FactorDesk sandbox org', api: org.url('/api/v1'), control: org.url('/sandbox/v1') }));
};

/** Builds the fastify app: the request pipeline every request goes through, then the org's resources. */
export function buildServer(parts: ServerParts): FastifyInstance {
  const { org, rateLimiter, faults, authorizationServer } = parts;
  const app = Fastify({
    logger: parts.logger,
    bodyLimit: parts.bodyLimitBytes,
    genReqId: () => 'req' + secureToken(22),
    forceCloseConnections: true,
    return503OnClosing: false,
  });

  // The principals' credentials the authentication step recognizes: SSWS API tokens, and access
  // tokens of the org authorization server (Bearer, or DPoP with their proofs).
  const proofs = new DpopProofVerifier();
  const authenticators: Authenticator[] = [
    { principalFor: (request) => org.apiTokens.principalFor(request.headers.authorization) },
    new OAuthAuthenticator(org, authorizationServer, proofs),
  ];

  // The request pipeline, in the order a request meets its hooks. Each step may answer (and so
  // end the request) by throwing an OktaError, which okta-errors turns into Okta's error body.
  app.register(requestOrigin, { origins: () => org.origins });
  app.register(oktaResponseHeaders, { clock: org.clock });
  app.register(providerHandOff, { server: authorizationServer });
  app.register(jsonBodies);
  app.register(oktaErrors, { bodyLimitBytes: parts.bodyLimitBytes });
  app.register(authentication, { authenticators });
  app.register(concurrencyLimit, { org, rateLimiter });
  app.register(rateLimit, { org, rateLimiter });
  app.register(permission, { org });
  app.register(faultInjection, { faults });

  // The resources; every route declares the permission it needs (`requires(...)`).
  app.register(orgIndex, { org });
  app.register(userRoutes, { org });
  app.register(groupRoutes, { org });
  app.register(roleRoutes, { org });
  app.register(factorRoutes, { org });
  app.register(authenticatorRoutes, { org });
  app.register(logRoutes, { org });
  app.register(authnRoutes, { org });
  app.register(controlRoutes, { org, rateLimiter, faults });
  app.register(scenarioRoutes, { org });
  app.register(phonePageRoutes, { org });
  app.register(signInRoutes, { org, server: authorizationServer });
  app.register(userinfoRoute, { org });
  app.register(oauthControlRoutes, { org, server: authorizationServer, proofs });
  return app;
}
