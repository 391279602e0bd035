import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { DEFAULT_TIMINGS, Org } from '../../../sandbox/org';
import { authentication } from '../../../sandbox/pipeline/authentication';
import { oktaErrors } from '../../../sandbox/pipeline/okta-errors';
import { permission } from '../../../sandbox/pipeline/permission';

export const ADMIN_TOKEN = 'unit-admin-token';
export const READ_ONLY_TOKEN = 'unit-read-only-token';
export const TOKENS = { admin: ADMIN_TOKEN, readOnly: READ_ONLY_TOKEN };

/** `Authorization` headers for `app.inject`. */
export const asAdmin = { authorization: `SSWS ${ADMIN_TOKEN}` };
export const asReadOnly = { authorization: `SSWS ${READ_ONLY_TOKEN}` };

/** A small org for unit tests of pipeline steps (five generated users plus the fixed ones). */
export function unitOrg(): Org {
  return new Org('pipeline-unit', 5, DEFAULT_TIMINGS);
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

/** The steps that decide who may call (with Okta error bodies for their refusals), for units that sit behind them. */
export function registerAccessSteps(app: FastifyInstance): void {
  app.register(oktaErrors, { bodyLimitBytes: 1024 });
  app.register(authentication, { tokens: TOKENS });
  app.register(permission);
}
