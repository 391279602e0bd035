import { FactorDeskError } from '../../../contract/errors';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname.toLowerCase()) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Turns what an agent typed ("acme.okta.com", "https://acme.okta.com/admin") into an origin.
 * https is required; plain http only on loopback, where the sandbox org lives.
 */
export function normaliseOrgOrigin(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw notAnOrgUrl(`"${trimmed.slice(0, 100)}" is not a web address.`);
  }
  if (url.username || url.password) {
    throw notAnOrgUrl('The org URL must not contain a user name or password.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw notAnOrgUrl('The org URL must use https:// (plain http is only allowed for a local sandbox org).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw notAnOrgUrl(`The org URL must start with https://, not ${url.protocol}//.`);
  }
  return url.origin;
}

function notAnOrgUrl(message: string): FactorDeskError {
  return new FactorDeskError({
    code: 'NOT_OKTA_URL',
    message,
    action: 'Enter the address of your Okta org, like https://yourcompany.okta.com.',
  });
}

/**
 * Resolves a request target against the org. Relative paths stay on the org; absolute URLs
 * (Okta `_links`, `Link` headers, redirects) must have exactly the scheme, host and port of the
 * org or of its custom domain (`origin` lists both, the org's first), otherwise nothing is sent
 * and the caller gets CROSS_ORIGIN_REFUSED. The target must also be exactly what it will be once
 * normalised (no `.`/`..` segments, plain or encoded, no backslashes or stray characters the URL
 * parser would rewrite), otherwise ADDRESS_REFUSED: what is sent is always what was built.
 */
export function resolveOnOrigin(origin: string | readonly string[], target: string, what: string): URL {
  const origins = typeof origin === 'string' ? [origin] : origin;
  let url: URL;
  try {
    url = new URL(target, origins[0]);
  } catch {
    throw new FactorDeskError({
      code: 'BAD_RESPONSE',
      message: `The ${what} is not a valid address.`,
      action: 'Refresh and try again; if it keeps happening, report it to your Okta administrator.',
    });
  }
  if (!origins.includes(url.origin)) {
    throw crossOriginRefused(url, what);
  }
  const written = pathAsWritten(target);
  const normalised = `${url.pathname}${url.search}${url.hash}`;
  if (written !== normalised) {
    throw addressRefused(`The ${what} "${shorten(written)}" would be changed by URL normalisation (into "${shorten(normalised)}"), so it was not sent.`);
  }
  return url;
}

/** The path, query and fragment of a target exactly as written: scheme and authority removed. */
export function pathAsWritten(target: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i.exec(target);
  return authority ? target.slice(authority[0].length) : target;
}

/** Nothing was sent: the address is not one the workflow names. */
export function addressRefused(message: string): FactorDeskError {
  return new FactorDeskError({
    code: 'ADDRESS_REFUSED',
    message,
    action: 'Nothing was sent to Okta. Refresh and try again; if it keeps happening, report it (FactorDesk only calls the Okta addresses its workflows name).',
  });
}

export function shorten(text: string, length = 120): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

export function crossOriginRefused(url: URL, what: string): FactorDeskError {
  return new FactorDeskError({
    code: 'CROSS_ORIGIN_REFUSED',
    message: `The ${what} points to another site (${url.origin === 'null' ? `a ${url.protocol} address` : url.origin}); FactorDesk only sends the org's credential to the org itself (and its custom domain, when one is set), so it stopped.`,
    action: "Check the org URL is the Okta org itself. If the org has a custom domain, add it in the org's settings; otherwise report it to your Okta administrator.",
  });
}
