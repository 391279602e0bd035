// A plain HTTP client for the sandbox org: real requests over the loopback, no retries, no
// redirect following, so the tests see exactly the status codes, headers and bodies the org sends.

export type OrgResponse = {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response says it is JSON; undefined otherwise. */
  body: unknown;
  /** The raw bytes, for non-JSON bodies such as the QR code PNG. */
  bytes: Uint8Array;
  url: string;
};

export type OrgRequestOptions = {
  body?: unknown;
  /** A raw body sent as-is (malformed JSON tests). */
  rawBody?: string;
  /** Overrides the SSWS token; `null` sends no Authorization header at all. */
  token?: string | null;
  headers?: Record<string, string>;
};

// Okta captures the User-Agent for push notifications and asks clients to always send one.
const USER_AGENT = 'FactorDesk-sandbox-fidelity-tests/1.0';

export class OrgHttp {
  constructor(
    readonly orgUrl: string,
    private readonly token: string,
  ) {}

  /** `pathOrUrl` is either a path on the org (`/api/v1/users`) or an absolute link href. */
  async request(method: string, pathOrUrl: string, options: OrgRequestOptions = {}): Promise<OrgResponse> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.orgUrl}${pathOrUrl}`;
    if (new URL(url).origin !== new URL(this.orgUrl).origin) {
      // The token is only ever sent to its own org: a link to another origin is a test failure.
      throw new Error(`Refusing to send the org token to ${new URL(url).origin}; links must stay on ${this.orgUrl}`);
    }
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT, ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token !== null) headers.Authorization = `SSWS ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(url, { method, headers, body, redirect: 'manual' });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown;
    if (contentType.includes('json') && bytes.length > 0) {
      const text = new TextDecoder().decode(bytes);
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${method} ${url} answered ${response.status} with a body labelled JSON that does not parse: ${text.slice(0, 200)}`);
      }
    }
    return { status: response.status, headers: response.headers, body: parsed, bytes, url };
  }

  get(pathOrUrl: string, options?: OrgRequestOptions): Promise<OrgResponse> {
    return this.request('GET', pathOrUrl, options);
  }

  post(pathOrUrl: string, body?: unknown, options: OrgRequestOptions = {}): Promise<OrgResponse> {
    return this.request('POST', pathOrUrl, { ...options, body });
  }

  delete(pathOrUrl: string, options?: OrgRequestOptions): Promise<OrgResponse> {
    return this.request('DELETE', pathOrUrl, options);
  }
}

/** Describes a response for assertion messages: status plus the start of its body. */
export function describeResponse(response: OrgResponse): string {
  const body = response.body === undefined ? `${response.bytes.length} bytes` : JSON.stringify(response.body);
  return `${response.status} from ${response.url}: ${body.slice(0, 800)}`;
}
