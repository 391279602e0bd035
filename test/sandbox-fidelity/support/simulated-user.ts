import { arrayOf, isObject } from './json-path';
import { describeResponse, type OrgHttp } from './org-http';

// The sandbox's control API (issue 2, item 8): the end user's phone and inbox, and the org clock.
// Every call must succeed; a failure here is a failure of the sandbox, reported with its body.

export type PendingPush = { transactionId: string; factorId: string; correctAnswer: number | null; expiresAt: string };
export type SentMessage = {
  channel: 'sms' | 'voice' | 'email';
  to: string;
  text: string;
  code: string | null;
  link: string | null;
  sentAt: string;
};

export class SimulatedUser {
  constructor(private readonly http: OrgHttp) {}

  async pendingPushes(userId: string): Promise<PendingPush[]> {
    const response = await this.expectOk('GET', `/sandbox/v1/users/${userId}/pushes`);
    return arrayOf(response, 'the pending pushes').map((push) => {
      if (!isObject(push) || typeof push.transactionId !== 'string' || typeof push.factorId !== 'string') {
        throw new Error(`A pending push lacks transactionId/factorId: ${JSON.stringify(push)}`);
      }
      return push as PendingPush;
    });
  }

  /** The one pending push for `factorId`; fails when there is none or more than one. */
  async pushFor(userId: string, factorId: string): Promise<PendingPush> {
    const pushes = (await this.pendingPushes(userId)).filter((push) => push.factorId === factorId);
    if (pushes.length !== 1) throw new Error(`Expected one pending push for factor ${factorId}, found ${JSON.stringify(pushes)}`);
    return pushes[0] as PendingPush;
  }

  /** Taps Approve, choosing `answer` on the number-matching screen when there is one. */
  approve(transactionId: string, answer?: number | null): Promise<unknown> {
    const body = answer === undefined || answer === null ? {} : { answer };
    return this.expectOk('POST', `/sandbox/v1/pushes/${transactionId}/approve`, body);
  }

  /** Approve with an answer that must be refused: returns the raw response for the test to judge. */
  approveWithAnswer(transactionId: string, answer: number) {
    return this.http.post(`/sandbox/v1/pushes/${transactionId}/approve`, { answer });
  }

  deny(transactionId: string): Promise<unknown> {
    return this.expectOk('POST', `/sandbox/v1/pushes/${transactionId}/deny`, {});
  }

  scan(userId: string, factorId: string, device = { name: 'Isaac iPhone', platform: 'IOS', version: '17.4' }): Promise<unknown> {
    return this.expectOk('POST', `/sandbox/v1/users/${userId}/factors/${factorId}/scan`, device);
  }

  async outbox(to: string): Promise<SentMessage[]> {
    const response = await this.expectOk('GET', `/sandbox/v1/outbox?to=${encodeURIComponent(to)}`);
    return arrayOf(response, 'the outbox') as SentMessage[];
  }

  /** The code in the newest message sent to `to`. */
  async latestCode(to: string): Promise<string> {
    const messages = await this.outbox(to);
    const newest = [...messages].sort((a, b) => a.sentAt.localeCompare(b.sentAt)).at(-1);
    if (!newest?.code) throw new Error(`No message with a code was sent to ${to}: ${JSON.stringify(messages)}`);
    return newest.code;
  }

  advanceClock(seconds: number): Promise<unknown> {
    return this.expectOk('POST', '/sandbox/v1/clock/advance', { seconds });
  }

  private async expectOk(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await this.http.request(method, path, { body });
    if (response.status < 200 || response.status > 299) {
      throw new Error(`Control API ${method} ${path} failed: ${describeResponse(response)}`);
    }
    return response.body;
  }
}
