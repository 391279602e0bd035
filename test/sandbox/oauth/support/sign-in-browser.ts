/**
 * A small cookie-keeping "browser" over real HTTP for the org's sign-in: it follows redirects from
 * an authorization URL, fills and posts the sign-in form like a person would, and stops at the
 * app's redirect URI (never fetching it), handing back the URL the app's loopback listener would
 * receive. Every request and answer is kept for assertions.
 */
export interface BrowserStep {
  method: string;
  url: string;
  status: number;
}

export interface SignInOutcome {
  /** The redirect URI with `code`/`state`/`iss` (or `error`), when the flow reached it. */
  callback: URL | null;
  /** The last page, when the flow stopped on one (a failed sign-in, an error page). */
  page: { status: number; html: string; url: string } | null;
  /** Sign-in pages shown on the way (their HTML). */
  signInPages: string[];
  steps: BrowserStep[];
}

export class SignInBrowser {
  private readonly cookies = new Map<string, string>();

  /** `send`: how requests go out (default the global fetch; e.g. through a proxy to an https org). */
  constructor(
    private readonly credentials: { username: string; password: string } | null,
    private readonly send: typeof fetch = fetch,
  ) {}

  /** Opens the authorization URL and goes on until the redirect URI starting with `redirectPrefix`, or a page that is not the sign-in form. */
  async signIn(authorizationUrl: URL | string, redirectPrefix: string): Promise<SignInOutcome> {
    const outcome: SignInOutcome = { callback: null, page: null, signInPages: [], steps: [] };
    let url = new URL(authorizationUrl);
    let init: RequestInit = {};
    for (let hop = 0; hop < 20; hop++) {
      if (url.href.startsWith(redirectPrefix)) {
        outcome.callback = url;
        return outcome;
      }
      const response = await this.send(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), cookie: this.cookieHeader() } });
      this.keepCookies(response);
      outcome.steps.push({ method: init.method ?? 'GET', url: url.href, status: response.status });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        init = {};
        continue;
      }
      const html = await response.text();
      const form = /<form method="post" action="([^"]+)">/.exec(html);
      const isSignIn = form !== null && html.includes('name="password"');
      if (isSignIn) outcome.signInPages.push(html);
      if (!isSignIn || !this.credentials || (init.method === 'POST' && response.status !== 200)) {
        outcome.page = { status: response.status, html, url: url.href };
        return outcome;
      }
      url = new URL(form[1]?.replace(/&amp;/g, '&') ?? '', url);
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(this.credentials).toString(),
      };
    }
    throw new Error(`Too many redirects: ${outcome.steps.map((step) => `${step.method} ${step.url} ${step.status}`).join(' | ')}`);
  }

  /** The cookie names this browser holds (for checking the org's cookie names). */
  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
