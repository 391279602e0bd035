import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ADMIN_LOGIN, READ_ONLY_ADMIN_LOGIN } from '../../../sandbox/directory/generate';
import { DEFAULT_TIMINGS, Org } from '../../../sandbox/org';
import { authentication } from '../../../sandbox/pipeline/authentication';
import { oktaErrors } from '../../../sandbox/pipeline/okta-errors';
import { permission } from '../../../sandbox/pipeline/permission';
import { ADMIN_TOKEN_ID, READ_ONLY_TOKEN_ID } from '../../../sandbox/request-context';

export const ADMIN_TOKEN = 'unit-admin-token';
export const READ_ONLY_TOKEN = 'unit-read-only-token';

/** `Authorization` headers for `app.inject`. */
export const asAdmin = { authorization: `SSWS ${ADMIN_TOKEN}` };
export const asReadOnly = { authorization: `SSWS ${READ_ONLY_TOKEN}` };

/**
 * A small org for unit tests of pipeline steps (a few generated users plus the fixed users and
 * seeded admins), with the two built-in API tokens: the super admin's and the read-only one.
 */
export function unitOrg(): Org {
  const org = new Org('pipeline-unit', 5, DEFAULT_TIMINGS);
  org.apiTokens.add({ id: ADMIN_TOKEN_ID, name: 'admin', userId: org.user(ADMIN_LOGIN).id, created: 0 }, ADMIN_TOKEN);
  org.apiTokens.add({ id: READ_ONLY_TOKEN_ID, name: 'read-only', userId: org.user(READ_ONLY_ADMIN_LOGIN).id, created: 0 }, READ_ONLY_TOKEN);
  return org;
}

/**
 * A bare fastify app holding only the pipeline steps and routes a unit test registers, answered
 * through `app.inject` (no socket). Close it after the test.
 */
export async function pipelineApp(register: (app: FastifyInstance) => void, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(options);
  register(app);
  await app.ready();
  return app;
}

/** The org's API tokens as the authentication step's one authenticator. */
export function tokenAuthenticators(org: Org) {
  return [{ principalFor: (request: { headers: { authorization?: string } }) => org.apiTokens.principalFor(request.headers.authorization) }];
}

/** The steps that decide who may call (with Okta error bodies for their refusals), for units that sit behind them. */
export function registerAccessSteps(app: FastifyInstance, org: Org = unitOrg()): void {
  app.register(oktaErrors, { bodyLimitBytes: 1024 });
  app.register(authentication, { authenticators: tokenAuthenticators(org) });
  app.register(permission, { org });
}
