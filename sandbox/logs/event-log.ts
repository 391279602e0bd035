import { randomUUID } from 'node:crypto';
import type { OrgClock } from '../clock';

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

/** Okta's client.geographicalContext (full names, as Okta writes them). */
export interface LogGeographicalContext {
  city: string | null;
  state: string | null;
  country: string | null;
  postalCode: string | null;
  geolocation: { lat: number; lon: number } | null;
}

/** Okta's securityContext: the network the client came from. */
export interface LogSecurityContext {
  asNumber: number | null;
  asOrg: string | null;
  isp: string | null;
  domain: string | null;
  isProxy: boolean | null;
}

/** Where an event's client was, when the sandbox is told (the phone that scanned a QR code, a scenario). */
export interface EventPlace {
  ipAddress?: string;
  geographicalContext: LogGeographicalContext | null;
  securityContext: LogSecurityContext;
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
    geographicalContext: LogGeographicalContext | null;
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
  securityContext: LogSecurityContext;
  outcome: { result: OutcomeResult; reason: string | null };
  target: LogTarget[];
  transaction: { type: 'WEB'; id: string; detail: Record<string, string> };
  debugContext: { debugData: Record<string, string> };
  request: { ipChain: Array<{ ip: string; geographicalContext: LogGeographicalContext | null; version: 'V4' | 'V6'; source: null }> };
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
  /** Where the client was (geography and network); unknown (null fields) when not given. */
  place?: EventPlace;
}

/** The org's System Log: events in the order they happened, stamped with the org clock. */
export class EventLog {
  readonly events: Array<LogEvent & { sequence: number; publishedAt: number }> = [];
  private sequence = 0;

  constructor(private readonly clock: OrgClock) {}

  append(input: NewEvent): LogEvent {
    const publishedAt = this.clock.now();
    const request = input.request;
    const failed = input.result === 'FAILURE' || input.result === 'DENY';
    const ipAddress = input.place?.ipAddress ?? request?.ipAddress ?? '127.0.0.1';
    const event = {
      sequence: ++this.sequence,
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
        ipAddress,
        geographicalContext: input.place?.geographicalContext ?? null,
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
      securityContext: input.place?.securityContext ?? { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
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
        ipChain:
          request || input.place
            ? [{ ip: ipAddress, geographicalContext: input.place?.geographicalContext ?? null, version: ipAddress.includes(':') ? ('V6' as const) : ('V4' as const), source: null }]
            : [],
      },
    };
    this.events.push(event);
    return event;
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
