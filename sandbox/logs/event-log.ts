import { randomUUID } from 'node:crypto';
import type { OrgClock } from '../clock';
import { networkContextOf, type EventPlace, type GeographicalContext, type SecurityContext } from './network-context';

export type { EventPlace } from './network-context';

export interface LogActor {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry: Record<string, unknown> | null;
}

export type LogTarget = LogActor;

export type OutcomeResult = 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'ALLOW' | 'DENY' | 'CHALLENGE' | 'UNKNOWN';

/** What the HTTP request that caused an event tells the log about its client. */
export interface RequestContext {
  requestId: string;
  ipAddress: string;
  userAgent: string;
  uri: string;
  /** Id of the API token used, when the request carried one. */
  apiTokenId: string | null;
  /** The OAuth client of the access token used (the log's `client.id`), when the request carried one. */
  clientId?: string | null;
}

/** Who is acting (the admin for management calls, the end user for authn and phone actions) and from where. */
export interface ActionContext {
  actor: LogActor;
  request: RequestContext | null;
}

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version: '0';
  severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  legacyEventType: string | null;
  displayMessage: string;
  actor: LogActor;
  client: {
    userAgent: { rawUserAgent: string; os: string; browser: string };
    zone: string;
    device: string;
    id: string | null;
    ipAddress: string;
    geographicalContext: GeographicalContext | null;
  };
  device: null;
  authenticationContext: {
    authenticationProvider: string | null;
    credentialProvider: string | null;
    credentialType: string | null;
    issuer: null;
    interface: null;
    authenticationStep: number;
    externalSessionId: string;
  };
  securityContext: SecurityContext;
  outcome: { result: OutcomeResult; reason: string | null };
  target: LogTarget[];
  transaction: { type: 'WEB'; id: string; detail: Record<string, string> };
  debugContext: { debugData: Record<string, string> };
  request: { ipChain: Array<{ ip: string; geographicalContext: GeographicalContext | null; version: 'V4' | 'V6'; source: null }> };
}

export interface NewEvent {
  eventType: string;
  displayMessage: string;
  actor: LogActor;
  targets: LogTarget[];
  result: OutcomeResult;
  reason?: string;
  request: RequestContext | null;
  debugData?: Record<string, string>;
  credentialType?: string;
  /**
   * Where the client was, when the sandbox is told rather than reading the request's address
   * (networkContextOf): a scenario's seeded sign-ins, the phone that scanned a QR code. Its
   * `ipAddress`, when given, is the client's address in the event.
   */
  place?: EventPlace;
}

/** A stored event, with its place in the log (the paging cursor) and its time in ms. */
export type StoredEvent = LogEvent & { sequence: number; publishedAt: number };

/** The org's System Log: events in the order they happened, stamped with the org clock. */
export class EventLog {
  /** Oldest first; `sequence` is the position + 1, the cursor of `after`. */
  readonly events: StoredEvent[] = [];
  private sequence = 0;

  constructor(private readonly clock: OrgClock) {}

  append(input: NewEvent): LogEvent {
    const event = this.build(input, this.clock.now(), ++this.sequence);
    this.events.push(event);
    return event;
  }

  /**
   * Events that happened before now (a control-API scenario's history: earlier sign-ins, an attack
   * that started an hour ago), put in their place by time. The log is numbered again afterwards, so
   * a page cursor handed out before may show an event twice or skip one once.
   */
  insertPast(inputs: ReadonlyArray<NewEvent & { at: number }>): LogEvent[] {
    const now = this.clock.now();
    const added = inputs.map((input) => this.build(input, Math.min(input.at, now), 0));
    this.events.push(...added);
    // Stable: events of the same millisecond keep the order they were logged (or given) in.
    this.events.sort((a, b) => a.publishedAt - b.publishedAt);
    this.events.forEach((event, index) => {
      event.sequence = index + 1;
    });
    this.sequence = this.events.length;
    return added;
  }

  private build(input: NewEvent, publishedAt: number, sequence: number): StoredEvent {
    const request = input.request;
    const failed = input.result === 'FAILURE' || input.result === 'DENY';
    const ipAddress = input.place?.ipAddress ?? request?.ipAddress ?? null;
    // One mechanism: a place given wins; otherwise what the address says (loopback is the office, unknown addresses nothing).
    const place = input.place ?? networkContextOf(ipAddress);
    return {
      sequence,
      publishedAt,
      uuid: randomUUID(),
      published: this.clock.iso(publishedAt),
      eventType: input.eventType,
      version: '0' as const,
      severity: failed ? ('WARN' as const) : ('INFO' as const),
      legacyEventType: null,
      displayMessage: input.displayMessage,
      actor: input.actor,
      client: {
        userAgent: {
          rawUserAgent: request?.userAgent ?? 'UNKNOWN',
          os: describeOs(request?.userAgent ?? ''),
          browser: describeBrowser(request?.userAgent ?? ''),
        },
        zone: 'null',
        device: request ? 'Computer' : 'Unknown',
        id: request?.clientId ?? null,
        ipAddress: ipAddress ?? '127.0.0.1',
        geographicalContext: place.geographicalContext,
      },
      device: null,
      authenticationContext: {
        authenticationProvider: input.credentialType ? 'FACTOR_PROVIDER' : null,
        credentialProvider: input.credentialType ? 'OKTA_CREDENTIAL_PROVIDER' : null,
        credentialType: input.credentialType ?? null,
        issuer: null,
        interface: null,
        authenticationStep: 0,
        externalSessionId: 'unknown',
      },
      securityContext: place.securityContext,
      outcome: { result: input.result, reason: input.reason ?? null },
      target: input.targets,
      transaction: {
        type: 'WEB' as const,
        id: request?.requestId ?? 'unknown',
        detail: (request?.apiTokenId ? { requestApiTokenId: request.apiTokenId } : {}) as Record<string, string>,
      },
      debugContext: {
        debugData: {
          ...(request ? { requestId: request.requestId, requestUri: request.uri.split('?')[0] ?? request.uri, url: request.uri } : {}),
          ...input.debugData,
        },
      },
      request: {
        ipChain: ipAddress
          ? [{ ip: ipAddress, geographicalContext: place.geographicalContext, version: ipAddress.includes(':') ? ('V6' as const) : ('V4' as const), source: null }]
          : [],
      },
    };
  }
}

function describeOs(userAgent: string): string {
  if (/iPhone|iPad/.test(userAgent)) return 'iOS';
  if (/Android/.test(userAgent)) return 'Android';
  if (/Mac OS X/.test(userAgent)) return 'Mac OS X';
  if (/Windows/.test(userAgent)) return 'Windows';
  if (/Linux/.test(userAgent)) return 'Linux';
  return 'Unknown';
}

function describeBrowser(userAgent: string): string {
  if (/Electron/.test(userAgent)) return 'ELECTRON';
  if (/Chrome/.test(userAgent)) return 'CHROME';
  if (/Firefox/.test(userAgent)) return 'FIREFOX';
  if (/Safari/.test(userAgent)) return 'SAFARI';
  return 'UNKNOWN';
}
