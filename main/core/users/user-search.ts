import { isPathSafeLogin } from '../okta/resources/paths';

/** Okta user ids: "00u" and 17 more letters/digits. */
const OKTA_USER_ID = /^00u[A-Za-z0-9]{17}$/;
/** A whole login/email (has an @ and a dotted domain), worth a direct lookup before searching. */
const WHOLE_LOGIN = /^[^\s@"]+@[^\s@"]+\.[^\s@"]{2,}$/;

/** How the query names one user exactly: `GET /api/v1/users/{id}` or `/{login}` answers it; null when it does not. */
export function directLookup(query: string): { userId: string } | { login: string } | null {
  if (OKTA_USER_ID.test(query)) return { userId: query };
  // A login that could change the path's shape is searched for instead (as a query value).
  if (WHOLE_LOGIN.test(query) && isPathSafeLogin(query)) return { login: query };
  return null;
}

/** Okta search strings are double-quoted; quotes and backslashes inside are escaped with a backslash. */
export function quoteSearchValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const SEARCHED_ATTRIBUTES = ['profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'] as const;

/**
 * The Okta `search` expression for what the agent typed: any of login, email, first or last
 * name starting with it (Okta's `sw` is case-insensitive). Two or more words also match
 * "first last" and "last first", so "isaac brock" finds Isaac Brock.
 */
export function userSearchExpression(query: string): string {
  const text = query.trim().replace(/\s+/g, ' ');
  const clauses = SEARCHED_ATTRIBUTES.map((attribute) => `${attribute} sw ${quoteSearchValue(text)}`);
  const words = text.split(' ');
  if (words.length >= 2) {
    const first = quoteSearchValue(words[0] ?? '');
    const rest = quoteSearchValue(words.slice(1).join(' '));
    const last = quoteSearchValue(words.at(-1) ?? '');
    const leading = quoteSearchValue(words.slice(0, -1).join(' '));
    clauses.push(`(profile.firstName sw ${first} and profile.lastName sw ${rest})`);
    clauses.push(`(profile.lastName sw ${leading} and profile.firstName sw ${last})`);
  }
  return clauses.join(' or ');
}
