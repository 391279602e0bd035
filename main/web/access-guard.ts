import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: the per-launch secret in the printed URL. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function secretsEqual(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

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
 * Who may talk to the browser shell: only pages we served, on the exact host and port we bound.
 * The Host check defeats DNS rebinding (evil.example resolving to 127.0.0.1 still sends its own
 * name as Host); the Origin check defeats cross-site requests from other pages in the browser.
 */
export class AccessGuard {
  readonly allowedHosts: ReadonlySet<string>;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly cookieName: string;

  constructor(
    port: number,
    /** Printed in the URL; exchanged for the session cookie on first load. */
    readonly urlKey: string,
    /** The HttpOnly cookie's value. */
    readonly sessionKey: string,
  ) {
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

  isUrlKey(key: string): boolean {
    return secretsEqual(key, this.urlKey);
  }

  hasSession(cookieHeader: string | undefined): boolean {
    return secretsEqual(parseCookies(cookieHeader).get(this.cookieName), this.sessionKey);
  }

  sessionCookie(): string {
    return `${this.cookieName}=${this.sessionKey}; Path=/; HttpOnly; SameSite=Strict`;
  }
}
