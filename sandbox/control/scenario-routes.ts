import type { FastifyPluginAsync } from 'fastify';
import { validation } from '../errors';
import type { Org } from '../org';
import { requires } from '../permissions';
import { asObject, optionalString } from '../request-body';
import { seedAttack, seedLockout, type LockoutCause, type ScenarioResult } from './scenarios';

const SCENARIOS = ['attack', 'lockout'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const LOCKOUT_CAUSES: readonly LockoutCause[] = ['password', 'mfa', 'push'];

/** `{"userId": …}` (an id or a login), and for `lockout` an optional `"cause": "password" | "mfa" | "push"`. */
function parseScenario(name: ScenarioName, body: unknown): { userId: string; cause: LockoutCause } {
  const input = asObject(body);
  const known = new Set(name === 'lockout' ? ['userId', 'cause'] : ['userId']);
  const causes = Object.keys(input)
    .filter((key) => !known.has(key))
    .map((key) => `${key}: not a setting of the ${name} scenario`);
  const userId = optionalString(input, 'userId');
  if (!userId) causes.push('userId: the user the scenario is about (id or login) is required');
  const cause = optionalString(input, 'cause') ?? 'password';
  if (!(LOCKOUT_CAUSES as readonly string[]).includes(cause)) causes.push('cause: password, mfa or push');
  if (causes.length || !userId) throw validation('scenario', causes);
  return { userId, cause: cause as LockoutCause };
}

/**
 * `POST /sandbox/v1/scenarios/{name}`: stories for the System Log, logged as Okta would have
 * (scenarios.ts). `attack`: an MFA-fatigue attack in progress on the user; `lockout`: the user
 * locked out by wrong passwords (or codes, or denied Okta Verify pushes). Answers what was logged.
 */
export const scenarioRoutes: FastifyPluginAsync<{ org: Org }> = async (app, { org }) => {
  app.post<{ Params: { name: string } }>('/sandbox/v1/scenarios/:name', requires('sandbox.control.manage'), async (request): Promise<ScenarioResult> => {
    const name = request.params.name;
    if (!(SCENARIOS as readonly string[]).includes(name)) throw validation('scenario', [`${name}: no such scenario; the sandbox has ${SCENARIOS.join(', ')}`]);
    const input = parseScenario(name as ScenarioName, request.body);
    const user = org.user(input.userId);
    return name === 'attack' ? seedAttack(org, user) : seedLockout(org, user, input.cause);
  });
};
