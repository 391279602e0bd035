import { isIP } from 'node:net';
import { FactorDeskError } from '../../../contract';
import { pathAsWritten } from '../okta/origin';

const EXAMPLE = 'https://yourcompany.okta.com';

function notOkta(message: string, action = `Enter just the org's address, like ${EXAMPLE}.`): FactorDeskError {
  return new FactorDeskError({ code: 'NOT_OKTA_URL', message, action });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Okta's own domains, where the admin console lives on `<org>-admin.<domain>` but the API does not. */
const OKTA_DOMAINS = ['okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com', 'okta.mil', 'trexcloud.com'];

export interface OrgUrlOptions {
  /** Only the in-process sandbox org may be plain http, and only on loopback. */
  allowLoopbackHttp?: boolean;
}

/**
 * Turn what the agent typed into an org origin (`https://acme.okta.com`), or explain why it
 * is not one. The token will only ever be sent to this origin.
 */
export function normalizeOrgUrl(input: string, options: OrgUrlOptions = {}): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    if (/^[a-z0-9.-]+\.[a-z]{2,}\/?$/i.test(text)) {
      throw notOkta(`"${text.slice(0, 100)}" is missing https://.`, `Enter it as https://${text.replace(/\/$/, '')}.`);
    }
    throw notOkta(`"${text.slice(0, 100)}" is not a web address.`);
  }

  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol === 'http:' && loopback && options.allowLoopbackHttp) {
    // The local sandbox org.
  } else if (url.protocol !== 'https:') {
    throw notOkta('Okta orgs are only reachable over https.', `Use an https:// address, like ${EXAMPLE}.`);
  }
  if (url.username || url.password) throw notOkta('The org URL must not contain a user name or password.');
  if (url.search || url.hash) throw notOkta('The org URL must not have a query (?…) or fragment (#…).');
  // As typed, not as parsed: the parser folds "/..", "/%2e%2e/" and backslashes away.
  const typedPath = pathAsWritten(text).split(/[?#]/)[0] ?? '';
  if ((url.pathname !== '/' && url.pathname !== '') || (typedPath !== '/' && typedPath !== '')) {
    throw notOkta(`The org URL must not have a path (${(typedPath || url.pathname).slice(0, 60)}).`);
  }
  if (!loopback || !options.allowLoopbackHttp) {
    if (isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0) throw notOkta('Okta orgs have a domain name, not an IP address.');
    // A custom domain (login.acme.com) is fine; a bare word (intranet) is not an org.
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(url.hostname) || /^\d+$/.test(url.hostname.split('.').pop() ?? '')) {
      throw notOkta(`"${url.hostname}" does not look like an Okta org domain.`);
    }
    const adminMatch = /^(.+)-admin\.(.+)$/.exec(url.hostname);
    if (adminMatch && OKTA_DOMAINS.includes(adminMatch[2] ?? '')) {
      throw notOkta(
        'That is the Admin Console address; the API lives on the org address itself.',
        `Use https://${adminMatch[1]}.${adminMatch[2]}${url.port ? `:${url.port}` : ''} instead.`,
      );
    }
  }
  return url.origin;
}
