import { DADE_LOGIN, ISAAC_LOGIN } from '../directory/generate';
import type { OrgEngine } from '../engine';
import { showcaseUsersFor } from '../factors/showcase-users';
import type { PhonePageLink } from '../index';

/**
 * The people whose phones `npm run sandbox` opens a page for: Isaac and Dade (the console's first
 * steps), then every showcase user who has a factor to answer with. Anyone else's phone is one
 * control call away (`POST /sandbox/v1/users/{id or login}/phone-key`).
 */
export function phoneLoginsToPrint(engine: OrgEngine): string[] {
  return [ISAAC_LOGIN, DADE_LOGIN, ...showcaseUsersFor(engine).filter((user) => user.factors.length > 0).map((user) => user.login)];
}

/** The lines the CLI prints: one per phone (a new key each), and how to get anyone else's. */
export function printedPhoneLines(phoneLink: (login: string) => PhonePageLink, engine: OrgEngine): string[] {
  const links: PhonePageLink[] = [];
  for (const login of phoneLoginsToPrint(engine)) {
    try {
      links.push(phoneLink(login));
    } catch {
      // A directory too small for the showcase users: print those it has.
    }
  }
  // Logins (ASCII) line up in a terminal; some display names are wider than their length says.
  const loginWidth = Math.max(...links.map((link) => link.login.length), 0);
  return [
    'Phones:          open one in a browser (a second screen) to play that person\'s phone; each key opens only that phone',
    ...links.map((link) => `  ${link.login.padEnd(loginWidth)}  ${link.url}`),
    '  Anyone else\'s:  POST /sandbox/v1/users/{id or login}/phone-key with the API token answers their phone\'s link',
  ];
}
