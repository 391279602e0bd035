import { randomUUID } from 'node:crypto';
import type { UserRecord } from '../directory/model';
import { validation } from '../errors';
import type { FactorRecord } from '../factors/model';
import type { LogEvent, LogTarget, NewEvent, RequestContext } from '../logs/event-log';
import { SANDBOX_NETWORKS, type SandboxNetworkName } from '../logs/network-context';
import type { Org } from '../org';

// Control-API scenarios: stories the sandbox's System Log tells about a user, as Okta would have
// logged them, so the console's risk card and lock reasons can be tried (and tested) without
// staging the attack by hand. Every event type is Okta's (event-types.json), every field where
// Okta puts it; the events are placed in the past by the org clock.

const MINUTE = 60_000;
const DAY = 86_400_000;

/** What a scenario logged, for the caller to find it again (the History entry is `sl:<uuid>`). */
export interface SeededEvent {
  uuid: string;
  eventType: string;
  published: string;
  outcome: string;
  network: SandboxNetworkName | null;
}

export interface ScenarioResult {
  scenario: string;
  userId: string;
  /** The user's status afterwards. */
  status: string;
  events: SeededEvent[];
}

const BROWSERS = {
  office: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  attacker: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36',
  phone: 'Okta Verify/9.24.0 (iPhone; iOS 17.4)',
} as const;

interface Step {
  at: number;
  eventType: string;
  displayMessage: string;
  result: NewEvent['result'];
  reason?: string;
  network: SandboxNetworkName;
  browser: keyof typeof BROWSERS;
  /** The requests of one sign-in attempt share a transaction. */
  transaction: string;
  factor?: FactorRecord | null;
  credentialType?: string;
  debugData?: Record<string, string>;
}

/** Okta's `debugData.risk` and `behaviors` are maps printed as text (event-types.json). */
const riskText = (level: 'LOW' | 'MEDIUM' | 'HIGH', reasons: string): string => `{reasons=${reasons}, level=${level}}`;
const behaviorsText = (positive: readonly string[]): string =>
  `{${['New Geo-Location', 'New Device', 'New IP', 'New State', 'New Country', 'Velocity', 'New City'].map((name) => `${name}=${positive.includes(name) ? 'POSITIVE' : 'NEGATIVE'}`).join(', ')}}`;

function requestFor(step: Step): RequestContext {
  return {
    requestId: step.transaction,
    ipAddress: SANDBOX_NETWORKS[step.network].address,
    userAgent: BROWSERS[step.browser],
    uri: step.eventType === 'user.session.start' ? '/idp/idx/identify' : '/idp/idx/challenge/answer',
    apiTokenId: null,
  };
}

function log(org: Org, user: UserRecord, steps: Step[]): { seeded: SeededEvent[]; logged: LogEvent[] } {
  const targets = (factor: FactorRecord | null | undefined): LogTarget[] => (factor ? [org.userTarget(user), org.factorTarget(factor)] : [org.userTarget(user)]);
  const events = org.log.insertPast(
    steps.map((step) => ({
      at: step.at,
      eventType: step.eventType,
      displayMessage: step.displayMessage,
      actor: org.actorFor(user),
      targets: targets(step.factor),
      result: step.result,
      ...(step.reason ? { reason: step.reason } : {}),
      request: requestFor(step),
      place: SANDBOX_NETWORKS[step.network].context,
      ...(step.credentialType ? { credentialType: step.credentialType } : {}),
      ...(step.debugData ? { debugData: step.debugData } : {}),
    })),
  );
  const seeded = events.map((event, index) => ({
    uuid: event.uuid,
    eventType: event.eventType,
    published: event.published,
    outcome: event.outcome.result,
    network: steps[index]?.network ?? null,
  }));
  return { seeded, logged: events };
}

/** Whether the log has a successful sign-in of the user since `since` (the scenario then adds no earlier ones). */
function signedInSince(org: Org, user: UserRecord, since: number): boolean {
  return org.log.events.some((event) => event.publishedAt >= since && event.eventType === 'user.session.start' && event.outcome.result === 'SUCCESS' && event.actor.id === user.id);
}

/**
 * `attack`: an MFA-fatigue attack in progress. Earlier sign-ins from the office (3 weeks, 9 days
 * and 2 days ago, unless the log has the user signing in this month already); then, from an
 * anonymizing VPN in another country, five Okta Verify pushes in seven minutes, each denied on
 * the phone (34 to 27 minutes ago); the user reporting the pushes as suspicious from their phone
 * (20 minutes ago); and a sign-in from a third country that succeeded (8 minutes ago).
 */
export function seedAttack(org: Org, user: UserRecord): ScenarioResult {
  if (user.status === 'DEPROVISIONED') throw validation('userId', [`${user.profile.login} is deactivated: nobody can sign in as them`]);
  const now = org.clock.now();
  const push = org.factorsOf(user).find((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE') ?? null;
  const steps: Step[] = [];

  if (!signedInSince(org, user, now - 30 * DAY)) {
    for (const daysAgo of [21, 9, 2]) {
      steps.push({
        at: now - daysAgo * DAY - 7 * 60 * MINUTE,
        eventType: 'user.session.start',
        displayMessage: 'User login to Okta',
        result: 'SUCCESS',
        network: 'office',
        browser: 'office',
        transaction: `scenario${randomUUID().slice(0, 8)}`,
        credentialType: 'PASSWORD',
        debugData: { threatSuspected: 'false', risk: riskText('LOW', 'None'), behaviors: behaviorsText([]) },
      });
    }
  }

  const attempt = `scenario${randomUUID().slice(0, 8)}`;
  const attackRisk: Record<string, string> = { threatSuspected: 'true', risk: riskText('HIGH', 'Anomalous Location, Anonymizer'), behaviors: behaviorsText(['New Geo-Location', 'New IP', 'New State', 'New Country', 'New City', 'New Device']) };
  for (const minutesAgo of [34, 32.5, 30.5, 29, 27]) {
    const at = now - minutesAgo * MINUTE;
    steps.push({
      at,
      eventType: 'system.push.send_factor_verify_push',
      displayMessage: 'Push notification sent for verification',
      result: 'SUCCESS',
      network: 'anonymizer',
      browser: 'attacker',
      transaction: attempt,
      factor: push,
      debugData: { ...attackRisk, factor: 'OKTA_VERIFY_PUSH', factor_intent: 'LOGIN' },
    });
    if (org.engine === 'classic') {
      steps.push({
        at: at + 20_000,
        eventType: 'user.mfa.okta_verify.deny_push',
        displayMessage: 'User rejected Okta push verify',
        result: 'DENY',
        reason: 'USER_REJECTED',
        network: 'anonymizer',
        browser: 'attacker',
        transaction: attempt,
        factor: push,
      });
    }
    steps.push({
      at: at + 20_000,
      eventType: 'user.authentication.auth_via_mfa',
      displayMessage: 'Authentication of user via MFA',
      result: 'FAILURE',
      reason: 'INVALID_CREDENTIALS',
      network: 'anonymizer',
      browser: 'attacker',
      transaction: attempt,
      factor: push,
      credentialType: 'OTP',
      debugData: { ...attackRisk, factor: 'OKTA_VERIFY_PUSH', factor_intent: 'LOGIN', push_only_response_type: 'OV_RESPONSE_DENY' },
    });
  }
  steps.push({
    at: now - 20 * MINUTE,
    eventType: 'user.account.report_suspicious_activity_by_enduser',
    displayMessage: 'User report suspicious activity',
    result: 'SUCCESS',
    network: 'office',
    browser: 'phone',
    transaction: `scenario${randomUUID().slice(0, 8)}`,
    debugData: {
      suspicious_activity_event_type: 'system.push.send_factor_verify_push',
      suspicious_activity_event_ip: SANDBOX_NETWORKS.anonymizer.address,
      suspicious_activity_event_city: SANDBOX_NETWORKS.anonymizer.context.geographicalContext.city,
      suspicious_activity_event_state: SANDBOX_NETWORKS.anonymizer.context.geographicalContext.state,
      suspicious_activity_event_country: SANDBOX_NETWORKS.anonymizer.context.geographicalContext.country,
      suspicious_activity_event_transaction_id: attempt,
      suspicious_activity_timestamp: org.clock.iso(now - 27 * MINUTE),
      suspicious_activity_browser: 'CHROME',
      suspicious_activity_os: 'Windows',
    },
  });
  steps.push({
    at: now - 8 * MINUTE,
    eventType: 'user.session.start',
    displayMessage: 'User login to Okta',
    result: 'SUCCESS',
    network: 'abroad',
    browser: 'attacker',
    transaction: `scenario${randomUUID().slice(0, 8)}`,
    credentialType: 'PASSWORD',
    debugData: { threatSuspected: 'false', risk: riskText('MEDIUM', 'New Country, New IP'), behaviors: behaviorsText(['New Geo-Location', 'New IP', 'New State', 'New Country', 'New City']) },
  });
  const { seeded, logged } = log(org, user, steps);
  // The report names the event it is about (the last push), as Okta's does.
  const lastPush = logged.filter((event) => event.eventType === 'system.push.send_factor_verify_push').at(-1);
  const report = logged.find((event) => event.eventType === 'user.account.report_suspicious_activity_by_enduser');
  if (report && lastPush) report.debugContext.debugData.suspicious_activity_event_id = lastPush.uuid;
  return { scenario: 'attack', userId: user.id, status: user.status, events: seeded };
}

/** What locked the user out in the `lockout` scenario. */
export type LockoutCause = 'password' | 'mfa' | 'push';

const LOCKOUT_ATTEMPTS: Record<LockoutCause, number> = { password: 10, mfa: 5, push: 5 };

/** One Okta Verify push the user denied, as Okta logs it (event-types.json). */
function deniedPush(org: Org, at: number, push: FactorRecord | null, transaction: string): Step[] {
  const steps: Step[] = [
    {
      at,
      eventType: 'system.push.send_factor_verify_push',
      displayMessage: 'Push notification sent for verification',
      result: 'SUCCESS',
      network: 'office',
      browser: 'office',
      transaction,
      factor: push,
      debugData: { factor: 'OKTA_VERIFY_PUSH', factor_intent: 'LOGIN' },
    },
  ];
  // Classic's v1 API logs the denial itself; Identity Engine logs only the failed verification below.
  if (org.engine === 'classic') {
    steps.push({ at: at + 15_000, eventType: 'user.mfa.okta_verify.deny_push', displayMessage: 'User rejected Okta push verify', result: 'DENY', reason: 'USER_REJECTED', network: 'office', browser: 'phone', transaction, factor: push });
  }
  steps.push({
    at: at + 15_000,
    eventType: 'user.authentication.auth_via_mfa',
    displayMessage: 'Authentication of user via MFA',
    result: 'FAILURE',
    reason: 'INVALID_CREDENTIALS',
    network: 'office',
    browser: 'office',
    transaction,
    factor: push,
    credentialType: 'OTP',
    debugData: { factor: 'OKTA_VERIFY_PUSH', factor_intent: 'LOGIN', push_only_response_type: 'OV_RESPONSE_DENY' },
  });
  return steps;
}

/**
 * `lockout`: the user locks themselves out. `password`: ten wrong passwords in seven minutes (the
 * default password policy's limit), then `user.account.lock`. `mfa`: five wrong codes for a factor
 * after the right password, then the lock. `push`: five Okta Verify pushes the user denied, then the
 * lock. Okta's catalogue has no lock reason of its own for pushes: a denied push is a failed MFA
 * verification (`user.authentication.auth_via_mfa`, INVALID_CREDENTIALS, `push_only_response_type`
 * OV_RESPONSE_DENY; Classic also logs `user.mfa.okta_verify.deny_push`), each after its
 * `system.push.send_factor_verify_push`, and the lock that follows is the MFA lock. A push left
 * unanswered logs no failure at all, so only denied pushes lead to the lock. The user is
 * LOCKED_OUT afterwards.
 */
export function seedLockout(org: Org, user: UserRecord, cause: LockoutCause): ScenarioResult {
  if (user.status !== 'ACTIVE') throw validation('userId', [`${user.profile.login} is ${user.status}: only an ACTIVE user can lock themselves out`]);
  const factors = org.factorsOf(user);
  const push = factors.find((factor) => factor.factorType === 'push' && factor.status === 'ACTIVE') ?? null;
  if (cause === 'push' && !push) throw validation('cause', [`push: ${user.profile.login} has no active Okta Verify push to deny`]);
  const now = org.clock.now();
  const transaction = `scenario${randomUUID().slice(0, 8)}`;
  const steps: Step[] = [];
  const codeFactor = factors.find((factor) => factor.status === 'ACTIVE' && ['sms', 'call', 'email', 'token:software:totp'].includes(factor.factorType)) ?? null;
  const attempts = LOCKOUT_ATTEMPTS[cause];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const at = now - 12 * MINUTE + attempt * 45_000;
    if (cause === 'password') {
      steps.push({ at, eventType: 'user.session.start', displayMessage: 'User login to Okta', result: 'FAILURE', reason: 'INVALID_CREDENTIALS', network: 'office', browser: 'office', transaction, credentialType: 'PASSWORD' });
    } else if (cause === 'push') {
      steps.push(...deniedPush(org, at, push, transaction));
    } else {
      steps.push({
        at,
        eventType: 'user.authentication.auth_via_mfa',
        displayMessage: 'Authentication of user via MFA',
        result: 'FAILURE',
        reason: 'INVALID_CREDENTIALS',
        network: 'office',
        browser: 'office',
        transaction,
        factor: codeFactor,
        credentialType: 'OTP',
        debugData: { factor: codeFactor?.factorType ?? 'OTP', factor_intent: 'LOGIN' },
      });
    }
  }
  steps.push({
    at: now - 12 * MINUTE + attempts * 45_000,
    eventType: 'user.account.lock',
    displayMessage: 'Max sign in attempts exceeded',
    result: 'SUCCESS',
    reason: cause === 'password' ? 'LOCKED_OUT' : 'MFA_LOCKED_OUT',
    network: 'office',
    browser: 'office',
    transaction,
  });
  const { seeded } = log(org, user, steps);
  org.directory.setStatus(user, 'LOCKED_OUT');
  user.statusChanged = user.lastUpdated = now - 12 * MINUTE + attempts * 45_000;
  return { scenario: 'lockout', userId: user.id, status: user.status, events: seeded };
}
