import { Pool } from 'undici';
import { FactorDeskError } from '../../../contract/errors';
import {
  practiceUserSchema,
  sandboxPhoneSchema,
  sandboxPushAnswerSchema,
  scenarioStorySchema,
  waitingPushesSchema,
  type PracticeUser,
  type SandboxPhone,
  type ScenarioStoryResult,
  type WaitingPush,
} from './sandbox-control-schemas';

/** The running sandbox org's address and its admin API token (a super admin's, which the control API needs). */
export interface SandboxAccess {
  url: string;
  token: string;
}

/** The device a phone reports when it scans an Okta Verify QR code. */
export interface ScannedDevice {
  name: string;
  platform: 'IOS' | 'ANDROID';
  version: string;
}

/** One factor of a practice user, as the control API's `POST /sandbox/v1/users` takes it. */
export type PracticeFactor =
  | { oktaVerify: { name: string; platform: 'IOS' | 'ANDROID' } }
  | { factorType: 'sms' | 'call'; phoneNumber: string }
  | { factorType: 'question'; question: string; answer: string }
  | { factorType: 'email' }
  | { factorType: 'token:software:totp'; provider: 'GOOGLE' | 'OKTA' };

/** What locks a user out in the sandbox's `lockout` story: wrong passwords, wrong MFA codes, or denied Okta Verify pushes. */
export type LockoutCause = 'password' | 'mfa' | 'push';

/** A practice user written out (the sandbox's `POST /sandbox/v1/users`). */
export interface PracticeUserRequest {
  firstName: string;
  lastName: string;
  login: string;
  department: string;
  title: string;
  mobilePhone: string | null;
  status: 'ACTIVE' | 'LOCKED_OUT';
  signedInBefore: boolean;
  factors: PracticeFactor[];
}

type ControlMethod = 'GET' | 'POST';

const TIMEOUT_MS = 10_000;

/** One path segment as sent: ids are checked by the contract already; this keeps anything else from bending the path. */
const segment = (value: string): string => encodeURIComponent(value);

/**
 * A client of the sandbox org's control API (`/sandbox/v1`): the simulated user's phone. It holds
 * the sandbox's admin token in a private field and sends it only to the sandbox's own address, over
 * a connection pool bound to that origin (no redirects are followed); the token is never in an
 * error, a log line or an answer.
 */
export class SandboxControl {
  readonly url: string;
  readonly #token: string;
  readonly #pool: Pool;

  constructor(access: SandboxAccess) {
    this.url = new URL(access.url).origin;
    this.#token = access.token;
    this.#pool = new Pool(this.url, { connections: 2, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS, connect: { timeout: TIMEOUT_MS }, maxResponseSize: 5 * 1024 * 1024 });
  }

  /** Whether this client is for that sandbox (same address and token). */
  isFor(access: SandboxAccess): boolean {
    return this.url === new URL(access.url).origin && this.#token === access.token;
  }

  phone(userId: string): Promise<SandboxPhone> {
    return this.#call('GET', `/sandbox/v1/users/${segment(userId)}/phone`, undefined, (data) => sandboxPhoneSchema.parse(data));
  }

  waitingPushes(userId: string): Promise<WaitingPush[]> {
    return this.#call('GET', `/sandbox/v1/users/${segment(userId)}/pushes`, undefined, (data) => waitingPushesSchema.parse(data));
  }

  async answerPush(transactionId: string, decision: 'approve' | 'deny', answer: number | undefined): Promise<'SUCCESS' | 'REJECTED'> {
    const body = decision === 'approve' && answer !== undefined ? { answer } : {};
    const answered = await this.#call('POST', `/sandbox/v1/pushes/${segment(transactionId)}/${decision}`, body, (data) => sandboxPushAnswerSchema.parse(data));
    return answered.factorResult;
  }

  async scan(userId: string, factorId: string, device: ScannedDevice): Promise<void> {
    await this.#call('POST', `/sandbox/v1/users/${segment(userId)}/factors/${segment(factorId)}/scan`, device, () => undefined);
  }

  async advanceClock(seconds: number): Promise<void> {
    await this.#call('POST', '/sandbox/v1/clock/advance', { seconds }, () => undefined);
  }

  /** Creates a practice user in the sandbox org (a new one each time; the login gets a number when taken). */
  createPracticeUser(request: PracticeUserRequest): Promise<PracticeUser> {
    return this.#call('POST', '/sandbox/v1/users', request, (data) => practiceUserSchema.parse(data));
  }

  /** Has the sandbox log a story about the user in its System Log (an MFA-fatigue attack, a lockout), as Okta would have. */
  tellStory(name: 'attack' | 'lockout', body: { userId: string; cause?: LockoutCause }): Promise<ScenarioStoryResult> {
    return this.#call('POST', `/sandbox/v1/scenarios/${segment(name)}`, body, (data) => scenarioStorySchema.parse(data));
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  async #call<T>(method: ControlMethod, path: string, body: unknown, read: (data: unknown) => T): Promise<T> {
    let status: number;
    let text: string;
    try {
      const response = await this.#pool.request({
        method,
        path,
        headers: {
          authorization: `SSWS ${this.#token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch {
      throw new FactorDeskError({
        code: 'NETWORK',
        message: 'The sandbox org is not answering, so the phone cannot be shown.',
        action: 'Choose "Use the sandbox org" again to restart it.',
      });
    }
    const data = parseJson(text);
    if (status >= 300) throw controlRefusal(status, data);
    try {
      return read(data);
    } catch {
      throw new FactorDeskError({
        code: 'BAD_RESPONSE',
        message: 'The sandbox org answered the phone in a shape FactorDesk does not know.',
        action: 'Restart FactorDesk; the sandbox org comes with it.',
        httpStatus: status,
      });
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The control API's refusal (an Okta error body) in words for the person holding the phone. */
function controlRefusal(status: number, data: unknown): FactorDeskError {
  const body = (typeof data === 'object' && data !== null ? data : {}) as { errorCode?: unknown; errorSummary?: unknown; errorId?: unknown; errorCauses?: unknown };
  const oktaErrorCode = typeof body.errorCode === 'string' ? body.errorCode : undefined;
  const oktaErrorId = typeof body.errorId === 'string' ? body.errorId : undefined;
  const causes = Array.isArray(body.errorCauses)
    ? body.errorCauses.map((cause: unknown) => (typeof cause === 'object' && cause !== null ? String((cause as { errorSummary?: unknown }).errorSummary ?? '') : '')).filter(Boolean)
    : [];
  const known = { httpStatus: status, ...(oktaErrorCode ? { oktaErrorCode } : {}), ...(oktaErrorId ? { oktaErrorId } : {}), ...(causes.length ? { causes } : {}) };
  if (oktaErrorCode === 'E0000007' || status === 404) {
    return new FactorDeskError({ code: 'NOT_FOUND', message: 'The sandbox org has no such user, push or enrollment (any more).', action: 'Look at the phone again: it shows what is waiting now.', ...known });
  }
  if (oktaErrorCode === 'E0000110') {
    return new FactorDeskError({
      code: 'ACTIVATION_EXPIRED',
      message: 'That has expired or was answered already (the push timed out, or the QR code is no longer valid).',
      action: 'Start again from the console: send a new push, or show a new QR code.',
      ...known,
    });
  }
  if (oktaErrorCode === 'E0000107') {
    return new FactorDeskError({ code: 'VALIDATION', message: 'That enrollment is not waiting for a phone any more (it is already set up).', action: 'Look at the phone again: it shows what is waiting now.', ...known });
  }
  if (status === 401 || status === 403) {
    return new FactorDeskError({
      code: 'PERMISSION_DENIED',
      message: 'The sandbox org refused the phone: FactorDesk no longer holds its admin token.',
      action: 'Choose "Use the sandbox org" again.',
      ...known,
    });
  }
  const summary = typeof body.errorSummary === 'string' ? body.errorSummary.slice(0, 300) : `It answered ${status}.`;
  return new FactorDeskError({
    code: status === 400 ? 'VALIDATION' : 'OKTA_ERROR',
    message: `The sandbox org refused that: ${summary}`,
    action: 'Look at the phone again and try once more.',
    ...known,
  });
}

/** One control API client at a time, for the sandbox running now (a new one when the sandbox was restarted). */
export class SandboxControlHolder {
  #control: SandboxControl | undefined;

  for(access: SandboxAccess): SandboxControl {
    if (!this.#control?.isFor(access)) {
      void this.#control?.close().catch(() => undefined);
      this.#control = new SandboxControl(access);
    }
    return this.#control;
  }

  async close(): Promise<void> {
    const control = this.#control;
    this.#control = undefined;
    await control?.close();
  }
}
