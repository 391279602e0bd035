// A user's factor story driven for real through the core's workflows against the sandbox org:
// enroll Okta Verify (scanned on an iPhone), a test push approved, one denied, a reset, and a
// re-enrollment on another phone. Every step goes over HTTP; the factor list is refreshed between
// steps as an agent's screen would, so FactorDesk observes the transitions too.
import type { EventEnvelope, EventName, EventPayload } from '../../../../contract';
import type { Core } from '../../../../main/core/core';
import { call } from '../../orgs/core-harness';
import { control, type SandboxAccess } from '../../../support/sandbox-control';

export { control, type SandboxAccess };

interface PendingPush {
  transactionId: string;
  factorId: string;
  correctAnswer: number | null;
}

export interface Journey {
  userId: string;
  login: string;
  firstFactorId: string;
  /** The factors Okta removed along with the first push (Identity Engine: the device's code and FastPass). */
  removedAlongFirst: string[];
  secondFactorId: string;
  startedAt: string;
}


/** The first event (already delivered or still to come) matching; waits by yielding to the event loop. */
export async function nextEvent<E extends EventName>(
  events: EventEnvelope[],
  name: E,
  match: (payload: EventPayload<E>) => boolean,
): Promise<EventPayload<E>> {
  for (;;) {
    const found = events.find((event) => event.name === name && match(event.payload as EventPayload<E>));
    if (found) return found.payload as EventPayload<E>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function pendingPush(sandbox: SandboxAccess, userId: string, factorId: string): Promise<PendingPush> {
  for (;;) {
    const pushes = await control<PendingPush[]>(sandbox, 'GET', `/sandbox/v1/users/${userId}/pushes`);
    const push = pushes.find((candidate) => candidate.factorId === factorId);
    if (push) return push;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function enrollPushOn(core: Core, events: EventEnvelope[], sandbox: SandboxAccess, userId: string, device: { name: string; platform: string; version: string }): Promise<string> {
  const enrolled = await call(core, 'enrollFactor', { userId, request: { factorType: 'push' } });
  if (enrolled.kind !== 'push_activation') throw new Error(`unexpected enroll result ${enrolled.kind}`);
  await control(sandbox, 'POST', `/sandbox/v1/users/${userId}/factors/${enrolled.factor.id}/scan`, device);
  const status = await nextEvent(events, 'activationStatus', (event) => event.watchId === enrolled.activation.watchId && event.state !== 'WAITING');
  if (status.state !== 'ACTIVE') throw new Error(`activation ended ${status.state}`);
  return enrolled.factor.id;
}

async function testPush(core: Core, events: EventEnvelope[], sandbox: SandboxAccess, userId: string, factorId: string, decision: 'approve' | 'deny'): Promise<void> {
  const started = await call(core, 'startVerify', { userId, factorId, useNumberMatching: decision === 'approve' });
  if (started.kind !== 'push') throw new Error(`unexpected verify result ${started.kind}`);
  const push = await pendingPush(sandbox, userId, factorId);
  await control(sandbox, 'POST', `/sandbox/v1/pushes/${push.transactionId}/${decision}`, decision === 'approve' ? { answer: push.correctAnswer } : {});
  const done = await nextEvent(events, 'pushVerifyStatus', (event) => event.watchId === started.watchId && event.state !== 'WAITING');
  const expected = decision === 'approve' ? 'SUCCESS' : 'REJECTED';
  if (done.state !== expected) throw new Error(`test push ended ${done.state}, expected ${expected}`);
}

/** Dade Murphy starts with no factors in the sandbox: his whole story is made here. */
export async function runJourney(core: Core, events: EventEnvelope[], sandbox: SandboxAccess): Promise<Journey> {
  const startedAt = new Date(Date.now() - 1000).toISOString();
  const login = 'dade.murphy@example.org';
  const found = await call(core, 'searchUsers', { query: login });
  const user = found.users.find((candidate) => candidate.login === login);
  if (!user) throw new Error(`${login} not in the sandbox`);
  const userId = user.id;

  const before = await call(core, 'listFactors', { userId });
  if (before.factors.length !== 0) throw new Error('Dade was expected to start without factors');

  const firstFactorId = await enrollPushOn(core, events, sandbox, userId, { name: 'Dade iPhone', platform: 'IOS', version: '17.4' });
  await call(core, 'listFactors', { userId });
  await testPush(core, events, sandbox, userId, firstFactorId, 'approve');
  await testPush(core, events, sandbox, userId, firstFactorId, 'deny');
  // The denied push voids the approval before it: the agent checks the caller's ID and records it.
  const reset = await call(core, 'resetFactor', { userId, factorId: firstFactorId, callerVerification: { method: 'id_check', ticket: 'INC-1337' } });
  const removedAlongFirst = reset.removedFactorIds.filter((id) => id !== firstFactorId);
  await call(core, 'listFactors', { userId });
  const secondFactorId = await enrollPushOn(core, events, sandbox, userId, { name: 'Dade Pixel', platform: 'ANDROID', version: '14' });
  await call(core, 'listFactors', { userId });
  return { userId, login, firstFactorId, removedAlongFirst, secondFactorId, startedAt };
}

/** The sandbox's seeded users' password (docs/sandbox.md). */
const USER_PASSWORD = 'GoAw@y123';

/**
 * The user signs in themselves (the Authentication API, no token) and approves the push on their
 * phone: Okta's log has a push of theirs that no desk action started.
 */
export async function userSignsInWithPush(sandbox: SandboxAccess, login: string, userId: string, factorId: string): Promise<void> {
  const post = async (path: string, body: unknown): Promise<{ stateToken?: string; status: string; factorResult?: string }> => {
    const response = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as { stateToken?: string; status: string; factorResult?: string };
  };
  const primary = await post('/api/v1/authn', { username: login, password: USER_PASSWORD });
  if (primary.status !== 'MFA_REQUIRED' || !primary.stateToken) throw new Error(`sign-in answered ${primary.status}`);
  await post(`/api/v1/authn/factors/${factorId}/verify`, { stateToken: primary.stateToken });
  const push = await pendingPush(sandbox, userId, factorId);
  await control(sandbox, 'POST', `/sandbox/v1/pushes/${push.transactionId}/approve`, { answer: push.correctAnswer });
  const done = await post(`/api/v1/authn/factors/${factorId}/verify`, { stateToken: primary.stateToken });
  if (done.status !== 'SUCCESS') throw new Error(`sign-in ended ${done.status}`);
}
