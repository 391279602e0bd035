import type { OrgClock } from './clock';
import { OktaError } from './errors';

export type Channel = 'sms' | 'voice' | 'email';

export interface OutboxMessage {
  channel: Channel;
  to: string;
  text: string;
  code: string | null;
  link: string | null;
  sentAt: string;
  /** The user it was sent for (their factor's code, their activation link): what their phone and mailbox show. */
  userId: string | null;
}

/** Okta allows one SMS or call per number every 30 s and one email per address every 5 s. */
const THROTTLE_SECONDS: Record<Channel, number> = { sms: 30, voice: 30, email: 5 };
const THROTTLE_ERROR = { sms: 'E0000109', voice: 'E0000133', email: 'E0000118' } as const;

/** Normalizes an E.164-ish phone number (`+1-555-415-1337` → `+15554151337`); null when it isn't one. */
export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s\-().]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}

export function normalizeRecipient(to: string): string {
  return normalizePhone(to) ?? to.trim().toLowerCase();
}

/**
 * The simulated end user's devices: a phone that receives texts and calls, and a mailbox.
 * Everything "sent" lands in the outbox the control API exposes.
 */
export class Outbox {
  readonly messages: OutboxMessage[] = [];
  private readonly lastSent = new Map<string, number>();

  constructor(private readonly clock: OrgClock) {}

  /** Throws Okta's throttle error when the same recipient got a message on this channel too recently. */
  assertNotThrottled(channel: Channel, to: string): void {
    const key = `${channel}:${normalizeRecipient(to)}`;
    const last = this.lastSent.get(key);
    if (last !== undefined && this.clock.now() - last < THROTTLE_SECONDS[channel] * 1000) {
      throw new OktaError(THROTTLE_ERROR[channel]);
    }
  }

  send(channel: Channel, to: string, text: string, extras: { code?: string; link?: string; userId?: string } = {}): OutboxMessage {
    this.assertNotThrottled(channel, to);
    const recipient = normalizeRecipient(to);
    this.lastSent.set(`${channel}:${recipient}`, this.clock.now());
    const message: OutboxMessage = {
      channel,
      to: recipient,
      text,
      code: extras.code ?? null,
      link: extras.link ?? null,
      sentAt: this.clock.iso(),
      userId: extras.userId ?? null,
    };
    this.messages.push(message);
    return message;
  }

  to(recipient: string | undefined): OutboxMessage[] {
    if (!recipient) return [...this.messages];
    const wanted = normalizeRecipient(recipient);
    return this.messages.filter((m) => m.to === wanted);
  }

  /** What was sent for one user, oldest first. */
  forUser(userId: string): OutboxMessage[] {
    return this.messages.filter((m) => m.userId === userId);
  }

  clear(): void {
    this.messages.length = 0;
    this.lastSent.clear();
  }
}
