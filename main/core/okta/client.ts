import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { FactorDeskError } from '../../../contract/errors';
import { backoffDelayMs, defaultRetrySettings, sleep, type RetrySettings } from './backoff';
import { BulkPacer, type BucketWindow, type BulkPacerOptions, type PacerTicket } from './bulk-pacer';
import { createOrgDispatcher, type TimeoutSettings } from './dispatcher';
import {
  badResponse,
  classifyTransportError,
  errorCodes,
  headerCounts,
  isRetryableTransport,
  mapOktaError,
  rateLimitedUntil,
  transportDetail,
  transportError,
} from './errors';
import { apiTokenAuthorizer, type OktaAuthorizer } from './authorizer';
import { parseLinkHeader } from './link-header';
import { addressRefused, crossOriginRefused, normaliseOrgOrigin, resolveOnOrigin, shorten } from './origin';
import { proxySettingsFromEnvironment, type ProxySettings } from './proxy-settings';
import { classifyTooManyRequests, pacingDelayMs, RateLimitTracker, readRateLimit, type RateLimitState, type TooManyRequestsKind } from './rate-limit';
import { oktaBucketOf, type OktaBucket } from './rate-limit-buckets';
import { redactSecret } from './redact';
import { currentLane } from './request-lane';
import { failedBeforeSending, mayHaveActedDespite, OktaRequestError } from './request-reach';

export interface OktaClientOptions {
  /** Validated and normalised to an origin: https, or http on loopback for the sandbox org. */
  orgUrl: string;
  /**
   * The org's custom domain, when it has one: the same org on a second origin. Okta's links (push
   * poll and cancel, `Location`, next pages) may point at either; the credential goes to these two only.
   */
  customDomain?: string | null;
  /** SSWS API token. Kept in a private field; never logged, never in errors, toString or JSON. */
  token?: string;
  /** Instead of a token: how each request is authorized (OAuth 2.0 access tokens with DPoP proofs). */
  authorizer?: OktaAuthorizer;
  userAgent?: string;
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /** Tests shorten the delays; `maxRateLimitWaitMs` / `rateLimitJitterMs` tune 429 handling. */
  retry?: Partial<RetrySettings>;
  /** Defaults to HTTPS_PROXY / https_proxy and NO_PROXY / no_proxy. */
  proxy?: ProxySettings;
  /** PEM certificates trusted in addition to the defaults (NODE_EXTRA_CA_CERTS is honoured too). */
  extraCaCertificates?: string[];
  /** The bulk lane's concurrency cap and the reserve it leaves for agents (bulk-pacer.ts). */
  bulkPacing?: BulkPacerOptions;
}

export type OktaMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type OktaQuery = Record<string, string | number | boolean | undefined>;

export interface OktaRequest<T> {
  method: OktaMethod;
  /** '/api/v1/...' or an absolute URL on the org's origin (Okta `_links`). */
  path: string;
  query?: OktaQuery;
  body?: unknown;
  /** Validates the answer; use z.undefined() (or .optional()) for 204 answers. */
  schema: z.ZodType<T>;
  signal?: AbortSignal;
  /** Defaults to true for GET/PUT/DELETE, false for POST. Only idempotent requests are retried on 5xx/network errors. */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

export interface OktaPageRequest<T> {
  path: string;
  query?: OktaQuery;
  itemSchema: z.ZodType<T>;
  signal?: AbortSignal;
}

export interface OktaResponse<T> {
  status: number;
  data: T;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rateLimit?: RateLimitState;
}

export interface OktaPage<T> {
  items: T[];
  /** Absolute URL of the next page (always on the org's origin), null on the last page. */
  nextUrl: string | null;
  rateLimit?: RateLimitState;
}

/**
 * What one call's attempts have done so far: whether any of them may have reached Okta without an
 * answer that says it did not act. A later "not found" then does not prove the first did nothing.
 */
interface SendTrace {
  mayHaveReached: boolean;
}

/** The answer's status and headers arrived, its body did not (the connection broke while reading it). */
class AnswerBodyLost extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    cause: unknown,
  ) {
    super('The answer body was lost.', { cause });
  }
}

/** An HTTP answer whose body has been read. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
  /** The body decoded as UTF-8 (JSON answers). */
  text: string;
  rateLimit?: RateLimitState;
}

const defaultTimeouts: TimeoutSettings = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };
const maxRedirects = 5;
const bulkMaxRateLimitWaitMs = 90_000;
/** Headers a caller may not set: they decide where the token goes and who we are. */
const reservedHeaders = new Set(['authorization', 'dpop', 'host', 'cookie', 'proxy-authorization', 'content-length', 'content-type']);

/**
 * The one way FactorDesk talks to an Okta org. The token is sent only to the org's own origin (and
 * its custom domain, when it has one): redirects are never followed automatically, and links to
 * any other origin are refused before anything is sent. Every address is sent exactly as built:
 * one that URL normalisation would change (dot segments, plain or percent-encoded; backslashes) is
 * refused with ADDRESS_REFUSED.
 */
export class OktaClient {
  /** The org's own origin: where relative paths go. */
  readonly origin: string;
  /** Every origin requests may go to: the org's, then its custom domain's. */
  readonly origins: readonly string[];
  readonly #authorizer: OktaAuthorizer;
  readonly #userAgent: string;
  readonly #retry: RetrySettings;
  /** One connection pool per origin, each bound to it. */
  readonly #dispatchers = new Map<string, Dispatcher>();
  readonly #proxied: boolean;
  readonly #rateLimits = new RateLimitTracker();
  readonly #pacer: BulkPacer;
  #closed = false;

  constructor(options: OktaClientOptions) {
    this.origin = normaliseOrgOrigin(options.orgUrl);
    const custom = options.customDomain ? normaliseOrgOrigin(options.customDomain) : null;
    this.origins = custom && custom !== this.origin ? [this.origin, custom] : [this.origin];
    if (options.authorizer && options.token !== undefined) throw new TypeError('An Okta client takes a token or an authorizer, not both.');
    this.#authorizer = options.authorizer ?? apiTokenAuthorizer(validToken(options.token ?? ''));
    this.#userAgent = options.userAgent ?? `FactorDesk/0.1 (helpdesk MFA console; node ${process.versions.node})`;
    this.#retry = { ...defaultRetrySettings, ...definedOnly(options.retry ?? {}) };
    this.#retry.maxAttempts = Math.max(1, Math.floor(this.#retry.maxAttempts));
    const timeouts = { ...defaultTimeouts, ...definedOnly(options.timeouts ?? {}) };
    let proxied = false;
    for (const origin of this.origins) {
      const made = createOrgDispatcher(origin, timeouts, options.proxy ?? proxySettingsFromEnvironment(), options.extraCaCertificates);
      this.#dispatchers.set(origin, made.dispatcher);
      proxied ||= made.proxied;
    }
    this.#proxied = proxied;
    this.#pacer = new BulkPacer(options.bulkPacing);
  }

  /** One request, with rate-limit pacing, 429 waits, and retries of idempotent requests. */
  async request<T>(req: OktaRequest<T>): Promise<OktaResponse<T>> {
    try {
      const url = this.#target(req.path, req.query, 'request address');
      const idempotent = req.idempotent ?? req.method !== 'POST';
      const answer = await this.#send(req.method, url, req.body, req.headers ?? {}, idempotent, req.signal, { mayHaveReached: false });
      const data = this.#read(answer, req.schema);
      return { status: answer.status, data, headers: answer.headers, rateLimit: answer.rateLimit };
    } catch (error) {
      throw this.#safeError(error, req.signal);
    }
  }

  /**
   * Pages of results, following `Link: <...>; rel="next"` on the org's origin only (a link to
   * another origin fails with CROSS_ORIGIN_REFUSED before anything is sent there, one to another
   * path with ADDRESS_REFUSED).
   */
  async *paginate<T>(req: OktaPageRequest<T>): AsyncGenerator<OktaPage<T>> {
    const pageSchema = z.array(req.itemSchema);
    let url: URL | null;
    try {
      url = this.#target(req.path, req.query, 'request address');
    } catch (error) {
      throw this.#safeError(error, req.signal);
    }
    while (url) {
      let page: OktaPage<T>;
      try {
        const answer = await this.#send('GET', url, undefined, {}, true, req.signal, { mayHaveReached: false });
        const items = this.#read(answer, pageSchema);
        const nextLink = parseLinkHeader(answer.headers.link).get('next');
        const nextUrl = nextLink ? resolveOnOrigin(this.origins, nextLink, 'next-page link') : null;
        // A next page is more of the same list: a link to any other path is not followed.
        if (nextUrl && nextUrl.pathname !== url.pathname) {
          throw addressRefused(`Okta's next-page link points at "${shorten(nextUrl.pathname)}", not at the list being read (${url.pathname}).`);
        }
        page = { items, nextUrl: nextUrl?.href ?? null, rateLimit: answer.rateLimit };
        // The System Log always links a next page (for polling): an empty page, or a link to
        // the same page, ends the iteration; the caller keeps nextUrl to resume from later.
        url = nextUrl && items.length > 0 && nextUrl.href !== url.href ? nextUrl : null;
      } catch (error) {
        throw this.#safeError(error, req.signal);
      }
      yield page;
    }
  }

  /**
   * A small binary resource on the org's origin, such as the push activation QR code (a PNG behind
   * the `qrcode` link). GET with the same origin guard, retries and error mapping as `request`;
   * anything larger than `maxBytes` is refused.
   */
  async fetchBinary(
    path: string,
    options: { accept: string; maxBytes: number; signal?: AbortSignal },
  ): Promise<{ contentType: string; bytes: Buffer }> {
    try {
      const url = this.#target(path, undefined, 'image address');
      const answer = await this.#send('GET', url, undefined, { accept: options.accept }, true, options.signal, { mayHaveReached: false });
      // Okta answered; a GET changes nothing, so the answer being unusable leaves nothing unknown.
      const unusable = (message: string) => new OktaRequestError(badResponse(message, answer.status).data, 'answered');
      if (answer.status !== 200) throw unusable(`an unexpected answer (HTTP ${answer.status}).`);
      if (answer.bytes.length > options.maxBytes) throw unusable(`a file larger than ${options.maxBytes} bytes.`);
      return { contentType: answer.headers['content-type']?.split(';')[0]?.trim() ?? '', bytes: answer.bytes };
    } catch (error) {
      throw this.#safeError(error, options.signal);
    }
  }

  /** Latest rate-limit reading for the bucket `path` belongs to. */
  rateLimitFor(path: string): RateLimitState | undefined {
    const state = this.#rateLimits.get(path);
    return state ? { ...state, resetAt: new Date(state.resetAt) } : undefined;
  }

  /** What the bulk lane knows of a bucket's current window: the principal's ceiling and what is left. */
  bulkWindow(bucket: OktaBucket): BucketWindow | undefined {
    return this.#pacer.window(bucket);
  }

  /** Bulk-lane requests this client has sent. */
  bulkRequestsSent(): number {
    return this.#pacer.bulkSent;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#dispatchers.values()].map((dispatcher) => dispatcher.close()));
  }

  toString(): string {
    return `OktaClient(${this.origins.join(', ')})`;
  }

  toJSON(): { origin: string; origins: readonly string[] } {
    return { origin: this.origin, origins: this.origins };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #target(path: string, query: OktaQuery | undefined, what: string): URL {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(path) && !path.startsWith('/')) {
      throw addressRefused(`Okta request paths start with "/" ("${shorten(path, 80)}" does not), so it was not sent.`);
    }
    const url = resolveOnOrigin(this.origins, path, what);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url;
  }

  async #send(
    method: OktaMethod,
    url: URL,
    body: unknown,
    extraHeaders: Record<string, string>,
    idempotent: boolean,
    signal: AbortSignal | undefined,
    trace: SendTrace,
  ): Promise<Answer> {
    const baseHeaders = this.#headers(extraHeaders, body !== undefined);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    /** Each at most once per request: a DPoP nonce asked for, an access token renewed. */
    const authRetries = { nonce: false, renewed: false };
    /** Okta answered (or refused before anything went out): whether it may have acted is what earlier attempts did. */
    const answered = (error: FactorDeskError, status?: number): OktaRequestError =>
      new OktaRequestError(error.data, trace.mayHaveReached || (status !== undefined && mayHaveActedDespite(status)) ? 'unknown' : 'answered');
    for (let attempt = 1; ; attempt += 1) {
      if (this.#closed) {
        const closed = new FactorDeskError({ code: 'NOT_CONNECTED', message: 'This org connection has been closed.', action: 'Select the org again.' });
        throw new OktaRequestError(closed.data, trace.mayHaveReached ? 'unknown' : 'not_sent');
      }
      let ticket: PacerTicket;
      try {
        ticket = await this.#admit(method, url.pathname, signal);
      } catch (error) {
        if (error instanceof FactorDeskError && !signal?.aborted) throw new OktaRequestError(error.data, trace.mayHaveReached ? 'unknown' : 'not_sent');
        throw error;
      }

      let headers: Record<string, string>;
      try {
        headers = { ...baseHeaders, ...(await this.#authorizer.headersFor(method, url)) };
      } catch (error) {
        // No credential to send (nobody signed in, the sign-in ended): this attempt never left.
        if (error instanceof FactorDeskError && !signal?.aborted) throw new OktaRequestError(error.data, trace.mayHaveReached ? 'unknown' : 'not_sent');
        throw error;
      }

      let answer: Answer;
      try {
        answer = await this.#exchange(method, url, payload, headers, signal);
        this.#pacer.answered(ticket, answer.headers, answer.status);
      } catch (error) {
        this.#pacer.answered(ticket, error instanceof AnswerBodyLost ? error.headers : undefined);
        if (signal?.aborted) throw error;
        if (error instanceof FactorDeskError) throw answered(error);
        const lost = error instanceof AnswerBodyLost ? error : undefined;
        const cause: unknown = lost ? lost.cause : error;
        if (lost || !failedBeforeSending(errorCodes(cause).codes)) trace.mayHaveReached = true;
        const kind = classifyTransportError(cause, this.#proxied);
        if (idempotent && isRetryableTransport(kind) && attempt < this.#retry.maxAttempts) {
          await sleep(backoffDelayMs(attempt, this.#retry), signal);
          continue;
        }
        const failure = transportError(kind, transportDetail(cause));
        const location = lost && lost.status >= 200 && lost.status < 300 ? this.#locationOn(lost.headers) : undefined;
        throw new OktaRequestError(failure.data, trace.mayHaveReached ? 'unknown' : 'not_sent', location);
      }

      let next: 'retry-with-nonce' | 'renewed' | null;
      try {
        next = await this.#authorizer.afterAnswer(answer, { url, headers }, authRetries);
      } catch (error) {
        // The credential was refused and could not be renewed: Okta refused before acting.
        if (error instanceof FactorDeskError) throw answered(error, answer.status);
        throw error;
      }
      if (next === 'retry-with-nonce' || next === 'renewed') {
        // Okta refused before acting (401), so even a POST is sent again, with a new proof.
        if (next === 'retry-with-nonce') authRetries.nonce = true;
        else authRetries.renewed = true;
        continue;
      }

      const tooMany = answer.status === 429 ? tooManyRequestsKind(answer, url.pathname) : null;
      if (tooMany === 'bucket' || tooMany === 'concurrency') {
        // A concurrency limit's reset is only an estimate: a short pause, not the window.
        const resetAt = tooMany === 'bucket' ? (answer.rateLimit?.resetAt ?? retryAfter(answer.headers)) : retryAfter(answer.headers);
        const waitMs = resetAt ? resetAt.getTime() - Date.now() : backoffDelayMs(attempt, this.#retry);
        // A bulk job waits out a whole window (nobody is waiting on the line); an agent's request fails fast.
        const maxWaitMs = currentLane() === 'bulk' ? Math.max(this.#retry.maxRateLimitWaitMs, bulkMaxRateLimitWaitMs) : this.#retry.maxRateLimitWaitMs;
        if (attempt >= this.#retry.maxAttempts || waitMs > maxWaitMs) {
          throw answered(mapOktaError({ httpStatus: 429, body: parseJsonOrUndefined(answer.text), headers: answer.headers, credential: this.#authorizer.credential, path: url.pathname }));
        }
        // A 429 was not processed by Okta, so even a POST may be sent again.
        await sleep(Math.max(0, waitMs) + Math.random() * this.#retry.rateLimitJitterMs, signal);
        continue;
      }
      if (isRetryableStatus(answer.status) && idempotent && attempt < this.#retry.maxAttempts) {
        if (mayHaveActedDespite(answer.status)) trace.mayHaveReached = true;
        await sleep(backoffDelayMs(attempt, this.#retry), signal);
        continue;
      }
      if (answer.status >= 400) {
        throw answered(
          mapOktaError({ httpStatus: answer.status, body: parseJsonOrUndefined(answer.text), headers: answer.headers, credential: this.#authorizer.credential, path: url.pathname }),
          answer.status,
        );
      }
      return answer;
    }
  }

  /** The answer's body in the expected shape; an unreadable body of a success leaves the outcome unknown. */
  #read<T>(answer: Answer, schema: z.ZodType<T>): T {
    try {
      return parseAnswer(answer, schema);
    } catch (error) {
      if (!(error instanceof FactorDeskError)) throw error;
      throw new OktaRequestError(error.data, 'unknown', this.#locationOn(answer.headers));
    }
  }

  /** The `Location` header of an answer, only when it points at the org's own origin. */
  #locationOn(headers: Record<string, string>): string | undefined {
    if (!headers.location) return undefined;
    try {
      return resolveOnOrigin(this.origins, headers.location, 'Location header').href;
    } catch {
      return undefined;
    }
  }

  /**
   * A request's turn to go out. Bulk-lane requests (request-lane.ts) wait in the pacer; an agent's
   * go at once, slowed only near an empty bucket, and are counted so the bulk lane makes room.
   */
  async #admit(method: OktaMethod, path: string, signal: AbortSignal | undefined): Promise<PacerTicket> {
    const bucket = oktaBucketOf(method, path);
    if (currentLane() === 'bulk') {
      const ticket = await this.#pacer.admit(bucket, signal);
      this.#rateLimits.consume(path);
      return ticket;
    }
    await this.#paceBeforeSending(path, signal);
    return this.#pacer.noteSent(bucket);
  }

  /** Slows down before the wall: spreads requests when a bucket is nearly used up. */
  async #paceBeforeSending(path: string, signal: AbortSignal | undefined): Promise<void> {
    const state = this.#rateLimits.get(path);
    const delayMs = pacingDelayMs(state, new Date());
    if (state && delayMs > this.#retry.maxRateLimitWaitMs) throw rateLimitedUntil(state.resetAt);
    if (delayMs > 0) await sleep(delayMs, signal);
    this.#rateLimits.consume(path);
  }

  /** Sends once, following same-origin redirects for GET only; a cross-origin one is refused. */
  async #exchange(
    method: OktaMethod,
    firstUrl: URL,
    payload: string | undefined,
    firstHeaders: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    let url = firstUrl;
    let headers = firstHeaders;
    for (let hop = 0; ; hop += 1) {
      const dispatcher = this.#dispatchers.get(url.origin);
      // resolveOnOrigin let only the org's origins through; anything else is never sent.
      if (!dispatcher) throw crossOriginRefused(url, 'request address');
      const response = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        body: payload,
        signal,
      });
      const responseHeaders = flattenHeaders(response.headers);
      const rateLimit = readRateLimit(responseHeaders, new Date());
      this.#rateLimits.record(url.pathname, rateLimit);

      if (response.statusCode >= 300 && response.statusCode < 400 && response.statusCode !== 304) {
        await response.body.dump();
        const location = responseHeaders.location;
        if (!location) throw badResponse('a redirect without a destination.', response.statusCode);
        const next = new URL(location, url);
        if (!this.origins.includes(next.origin)) throw crossOriginRefused(next, 'redirect');
        if (method !== 'GET' || hop >= maxRedirects) {
          throw badResponse(`an unexpected redirect (HTTP ${response.statusCode}).`, response.statusCode);
        }
        url = next;
        // A DPoP proof names the address it is for: the new one gets its own.
        headers = { ...headers, ...(await this.#authorizer.headersFor(method, url)) };
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = Buffer.from(await response.body.arrayBuffer());
      } catch (error) {
        throw new AnswerBodyLost(response.statusCode, responseHeaders, error);
      }
      return { status: response.statusCode, headers: responseHeaders, bytes, text: bytes.toString('utf8'), rateLimit };
    }
  }

  #headers(extra: Record<string, string>, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.#userAgent };
    for (const [name, value] of Object.entries(extra)) {
      if (!reservedHeaders.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
    }
    if (hasBody) headers['content-type'] = 'application/json';
    return headers;
  }

  /**
   * Every error leaving the client is an OktaRequestError without the token in it, saying whether
   * the request may have reached Okta. Errors from before anything was sent (a bad path, a link to
   * another origin) never reached it; an unexpected failure or a cancellation might have.
   */
  #safeError(error: unknown, signal: AbortSignal | undefined): OktaRequestError {
    if (signal?.aborted) return new OktaRequestError(transportError('CANCELLED').data, 'unknown');
    const safe =
      error instanceof OktaRequestError
        ? error
        : error instanceof FactorDeskError
          ? new OktaRequestError(error.data, 'not_sent')
          : new OktaRequestError({ code: 'INTERNAL', message: `Unexpected failure talking to Okta: ${describe(error)}` }, 'unknown');
    let scrubbed = safe.data;
    for (const secret of this.#authorizer.secrets()) scrubbed = redactSecret(scrubbed, secret);
    return scrubbed === safe.data ? safe : new OktaRequestError(scrubbed, safe.reach, safe.location);
  }
}

function validToken(token: string): string {
  const trimmed = token.trim();
  // Printable ASCII only: anything else could not be sent in a header (and would end up in undici's error text).
  if (!/^[\x21-\x7e]{8,500}$/.test(trimmed)) {
    throw new FactorDeskError({
      code: 'INVALID_TOKEN',
      message: 'That does not look like an Okta API token.',
      action: 'Copy the token value again from Okta Admin → Security → API → Tokens (it is shown once, when created).',
    });
  }
  return trimmed;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function isRetryableStatus(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * What a 429 is (rate-limit.ts): the org's bucket or this connection's share of it, or too many
 * requests at once, are waited out; a per-factor attempt limit or a send throttle is not (the
 * bucket's reset says nothing about them).
 */
function tooManyRequestsKind(answer: Answer, path: string): TooManyRequestsKind {
  const body = parseJsonOrUndefined(answer.text);
  const code = typeof body === 'object' && body !== null ? (body as { errorCode?: unknown }).errorCode : undefined;
  return classifyTooManyRequests({ errorCode: code === undefined ? undefined : String(code), ...headerCounts(answer.headers), path });
}

function retryAfter(headers: Record<string, string>): Date | undefined {
  const seconds = Number(headers['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? new Date(Date.now() + seconds * 1000) : undefined;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function parseAnswer<T>(answer: Answer, schema: z.ZodType<T>): T {
  let json: unknown = undefined;
  if (answer.text.trim().length > 0) {
    try {
      json = JSON.parse(answer.text);
    } catch {
      const type = answer.headers['content-type']?.split(';')[0] ?? 'no content type';
      throw badResponse(`the answer is not JSON (${type}).`, answer.status);
    }
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(answer)'}: ${issue.message}`)
      .join('; ');
    throw badResponse(`unexpected shape (${issues}).`, answer.status);
  }
  return result.data;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
