import { digestOf, newSecret } from './secrets';

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return cookies;
}

/**
 * Who may talk to the browser shell: only pages we served, on the exact host and port we bound,
 * in a browser that exchanged a launch key for a session. The Host check defeats DNS rebinding
 * (evil.example resolving to 127.0.0.1 still sends its own name as Host); the Origin check
 * defeats cross-site requests from other pages in the browser. Sessions live as long as this
 * run of the shell; only their digests are kept.
 */
export class AccessGuard {
  readonly allowedHosts: ReadonlySet<string>;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly cookieName: string;
  private readonly sessions = new Set<string>();

  constructor(port: number) {
    this.allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
    // Cookies are shared across ports of a host, so the name carries the port: two shells never clash.
    this.cookieName = `factordesk_${port}`;
  }

  hostAllowed(host: string | undefined): boolean {
    return host !== undefined && this.allowedHosts.has(host.toLowerCase());
  }

  /** Requests without Origin (plain navigations, same-origin GETs) are fine; any other origin is not. */
  originAllowed(origin: string | undefined): boolean {
    return origin === undefined || this.allowedOrigins.has(origin.toLowerCase());
  }

  hasSession(cookieHeader: string | undefined): boolean {
    const value = parseCookies(cookieHeader).get(this.cookieName);
    return value !== undefined && this.sessions.has(digestOf(value));
  }

  /** A new session for the browser that just redeemed a launch key: the Set-Cookie value. */
  startSession(): string {
    const value = newSecret();
    this.sessions.add(digestOf(value));
    return `${this.cookieName}=${value}; Path=/; HttpOnly; SameSite=Strict`;
  }
}
