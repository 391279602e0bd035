// Building Okta addresses: ids that cannot bend a path, Okta's links checked against the shape their
// use allows, the renderer's cursors reduced to a page of the same list, and the client's refusal of
// anything URL normalisation would change.
import { describe, expect, it } from 'vitest';
import { FactorDeskError } from '../../../../contract/errors';
import { OKTA_ID_PATTERN } from '../../../../contract/ids';
import { resolveOnOrigin } from '../../../../main/core/okta/origin';
import { OktaRequestError, requestReach } from '../../../../main/core/okta/request-reach';
import { readPageCursor, systemLogList, userList } from '../../../../main/core/okta/resources/page-cursor';
import {
  checkedLink,
  factorActionPath,
  factorPath,
  factorsPath,
  firstOwnPushTransactionLink,
  isPathSafeLogin,
  oktaLinkShapes,
  ownLinkOr,
  ownPushTransactionLink,
  resetFactorsPath,
  userByLoginPath,
  userPath,
} from '../../../../main/core/okta/resources/paths';
import { factorIdPrefix, IdFactory, FACTOR_ID_PREFIX } from '../../../../sandbox/ids';
import { DEFAULT_TIMINGS, Org } from '../../../../sandbox/org';

const USER = '00ub0oNGTSWTBKOLGLNR';
const FACTOR = 'opfh52xcuft3J4uZc0g3';
const ORIGIN = 'https://acme.okta.com';

/** What bent ids look like: dot segments plain and encoded, slashes plain and encoded, wrong lengths, look-alikes. */
const bentIds = [
  '',
  '.',
  '..',
  '%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '../users',
  '..%2F..',
  `${USER.slice(0, 19)}/`,
  `${USER.slice(0, 18)}%2F`,
  `${USER.slice(0, 19)}\\`,
  `${USER}x`,
  USER.slice(1),
  ` ${USER.slice(1)}`,
  `${USER.slice(0, 19)}\u0130`,
  'me',
  '__proto__',
  `${USER.slice(0, 16)}?a=b`,
  `${USER.slice(0, 18)}#x`,
];

function refusal(run: () => unknown): FactorDeskError['data'] {
  try {
    run();
  } catch (error) {
    if (error instanceof FactorDeskError) return error.data;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('path building', () => {
  it('puts Okta ids in their segments as they are', () => {
    expect(userPath(USER)).toBe(`/api/v1/users/${USER}`);
    expect(factorsPath(USER)).toBe(`/api/v1/users/${USER}/factors`);
    expect(factorPath(USER, FACTOR)).toBe(`/api/v1/users/${USER}/factors/${FACTOR}`);
    expect(factorActionPath(USER, FACTOR, 'activate')).toBe(`/api/v1/users/${USER}/factors/${FACTOR}/lifecycle/activate`);
    expect(resetFactorsPath(USER)).toBe(`/api/v1/users/${USER}/lifecycle/reset_factors`);
  });

  it('refuses anything that is not an Okta id, in every id position, with ADDRESS_REFUSED', () => {
    for (const bent of bentIds) {
      for (const build of [() => userPath(bent), () => factorPath(USER, bent), () => factorPath(bent, FACTOR), () => factorActionPath(USER, bent, 'verify'), () => resetFactorsPath(bent)]) {
        const error = refusal(build);
        expect(error.code, bent).toBe('ADDRESS_REFUSED');
        expect(error.message, bent).toMatch(/is not an Okta (user|factor) id/);
        expect(error.action, bent).toMatch(/Nothing was sent/);
      }
    }
  });

  it('looks up only logins that cannot change the path, and encodes them', () => {
    expect(userByLoginPath('isaac@example.org')).toBe('/api/v1/users/isaac%40example.org');
    expect(userByLoginPath("o'brien+desk@mail.example.co.uk")).toBe("/api/v1/users/o'brien%2Bdesk%40mail.example.co.uk");
    // Dots before the @ are not a dot segment once the @ follows.
    expect(userByLoginPath('..@example.org')).toBe('/api/v1/users/..%40example.org');
    for (const login of ['../x@example.org', 'a/b@example.org', 'a%2fb@example.org', 'a\\b@example.org', 'a@example', 'a b@example.org', 'a@b@example.org', '..', 'me', 'a?b@example.org', 'a#b@example.org']) {
      expect(isPathSafeLogin(login), login).toBe(false);
      expect(refusal(() => userByLoginPath(login)).code, login).toBe('ADDRESS_REFUSED');
    }
  });
});

describe("Okta's own links", () => {
  const base = `${ORIGIN}/api/v1/users/${USER}/factors/${FACTOR}`;

  it('follows a link whose path has the shape its use allows', () => {
    expect(checkedLink(`${base}/transactions/v2mst.GldKV5VxTrifyeZmWSQguA`, oktaLinkShapes.pushTransaction, 'push poll')).toBe(`${base}/transactions/v2mst.GldKV5VxTrifyeZmWSQguA`);
    expect(checkedLink(`${base}/transactions/mst1eiHghhPxf0yhp0g3`, oktaLinkShapes.pushTransaction, 'push poll')).toBeTruthy();
    expect(checkedLink(`${base}/verify/mst1eiHghhPxf0yhp0g3`, oktaLinkShapes.pushTransaction, 'push poll')).toBeTruthy();
    expect(checkedLink(`${base}/lifecycle/activate/poll`, oktaLinkShapes.pushActivation, 'activation poll')).toBeTruthy();
    expect(checkedLink(`${base}/lifecycle/activate/sms`, oktaLinkShapes.sendToUser, 'send')).toBeTruthy();
    expect(checkedLink(`${base}/qr/00fukNElRS_Tz6k-CFhg3pH4KO2dj2guhmaapXWbc4`, oktaLinkShapes.qrCode, 'QR code')).toBeTruthy();
    // Relative links (the client puts them on the org) are read the same way.
    expect(checkedLink(`/api/v1/users/${USER}/factors/${FACTOR}/verify`, oktaLinkShapes.verify, 'verify')).toBeTruthy();
  });

  it('refuses a link to another endpoint, or one URL normalisation would change, without following it', () => {
    const refused = [
      [`${ORIGIN}/api/v1/users/${USER}/lifecycle/activate`, oktaLinkShapes.pushActivation],
      [`${base}/transactions/..`, oktaLinkShapes.pushTransaction],
      [`${base}/transactions/%2e%2e`, oktaLinkShapes.pushTransaction],
      [`${base}/transactions/x/../../../../lifecycle/reset_factors`, oktaLinkShapes.pushTransaction],
      [`${base}/transactions/v2mst.abc%2F..`, oktaLinkShapes.pushTransaction],
      [`${base}\\..\\lifecycle/activate`, oktaLinkShapes.pushActivation],
      [`${base}/lifecycle/activate/sms/../../deactivate`, oktaLinkShapes.sendToUser],
      [`${base}/qr/..`, oktaLinkShapes.qrCode],
      [`${ORIGIN}/api/v1/logs`, oktaLinkShapes.verify],
      ['javascript:alert(1)', oktaLinkShapes.verify],
    ] as const;
    for (const [href, shape] of refused) {
      expect(refusal(() => checkedLink(href, shape, 'test')).code, href).toBe('ADDRESS_REFUSED');
    }
  });

  it("uses a resource's own link only when it points at the documented path of that same resource", () => {
    const documented = factorActionPath(USER, FACTOR, 'verify');
    expect(ownLinkOr(undefined, documented, 'verify')).toBe(documented);
    expect(ownLinkOr(`${ORIGIN}${documented}`, documented, 'verify')).toBe(`${ORIGIN}${documented}`);
    for (const href of [`${ORIGIN}/api/v1/users/${USER}/factors/opf0000000000000000A/verify`, `${ORIGIN}${documented}/..`, `${ORIGIN}/api/v1/users/${USER}/factors/${FACTOR}/%2e%2e/verify`]) {
      expect(refusal(() => ownLinkOr(href, documented, 'verify')).code, href).toBe('ADDRESS_REFUSED');
    }
  });

  it("follows or withdraws a push only through a transaction of the factor it challenged; poll and cancel stand in for each other", () => {
    const own = `${base}/transactions/v2mst.GldKV5VxTrifyeZmWSQguA`;
    const otherFactor = `${ORIGIN}/api/v1/users/${USER}/factors/opf0000000000000000A/transactions/v2mst.GldKV5VxTrifyeZmWSQguA`;
    const otherUser = `${ORIGIN}/api/v1/users/00u0000000000000000A/factors/${FACTOR}/transactions/v2mst.GldKV5VxTrifyeZmWSQguA`;
    expect(ownPushTransactionLink(own, USER, FACTOR, 'push poll')).toBe(own);
    for (const href of [otherFactor, otherUser, `${base}/verify`, `${own}/..`]) {
      expect(refusal(() => ownPushTransactionLink(href, USER, FACTOR, 'push poll')).code, href).toBe('ADDRESS_REFUSED');
    }
    expect(firstOwnPushTransactionLink([otherFactor, undefined, own], USER, FACTOR, 'push cancel')).toEqual({ href: own });
    const none = firstOwnPushTransactionLink([otherUser, undefined], USER, FACTOR, 'push cancel');
    expect('refusal' in none && none.refusal?.data.code).toBe('ADDRESS_REFUSED');
    expect(firstOwnPushTransactionLink([undefined], USER, FACTOR, 'push cancel')).toEqual({ refusal: undefined });
  });
});

describe('a refused address is a request that never reached Okta', () => {
  it('is an OktaRequestError with reach not_sent, so a journaled action records it before Okta', () => {
    const refusals = [
      () => factorPath(USER, '..'),
      () => userByLoginPath('../logs'),
      () => checkedLink(`${ORIGIN}/api/v1/logs`, oktaLinkShapes.verify, 'verify'),
      () => ownLinkOr(`${ORIGIN}/api/v1/users/${USER}/factors/opf0000000000000000A`, factorPath(USER, FACTOR), 'factor'),
    ];
    for (const refuse of refusals) {
      let thrown: unknown;
      try {
        refuse();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OktaRequestError);
      expect(requestReach(thrown)).toBe('not_sent');
    }
  });
});

describe('next-page cursors from the renderer', () => {
  const next = `${ORIGIN}/api/v1/users?after=${USER}&limit=25&search=profile.login+sw+%22isa%22`;

  it("reduces the list's own next link to its query, to be sent to the list's own path", () => {
    expect(readPageCursor(ORIGIN, next, userList)).toEqual({ after: USER, limit: '25', search: 'profile.login sw "isa"' });
    expect(readPageCursor(ORIGIN, `${ORIGIN}/api/v1/logs?since=2026-01-01T00%3A00%3A00Z&after=abc&limit=50`, systemLogList)).toEqual({
      since: '2026-01-01T00:00:00Z',
      after: 'abc',
      limit: '50',
    });
  });

  it('refuses another origin with CROSS_ORIGIN_REFUSED', () => {
    for (const cursor of ['https://evil.example.com/api/v1/users?after=x', 'http://acme.okta.com/api/v1/users?after=x', 'https://acme.okta.com:8443/api/v1/users?after=x']) {
      expect(refusal(() => readPageCursor(ORIGIN, cursor, userList)).code, cursor).toBe('CROSS_ORIGIN_REFUSED');
    }
  });

  it("refuses anything but the list's own next link with INVALID_INPUT and what to do", () => {
    const refused = [
      'javascript:alert(1)',
      '/api/v1/users?after=x',
      '//acme.okta.com/api/v1/users?after=x',
      'api/v1/users?after=x',
      `${ORIGIN}/api/v1/logs?after=x`,
      `${ORIGIN}/api/v1/users/${USER}/lifecycle/reset_factors?after=x`,
      `${ORIGIN}/api/v1/users/../users?after=x`,
      `${ORIGIN}/api/v1/users/%2e%2e/users?after=x`,
      `${ORIGIN}/api/v1/users/?after=x`,
      `${ORIGIN}/api/v1/USERS?after=x`,
      `${ORIGIN}/api/v1/users?after=x&activate=true`,
      `${ORIGIN}/api/v1/users?after=x&after=y`,
      `${ORIGIN}/api/v1/users?__proto__=x`,
      `https://admin:pw@acme.okta.com/api/v1/users?after=x`,
      `${ORIGIN}/api/v1/users?after=x#frag`,
      `${ORIGIN}\\api\\v1\\users?after=x`,
    ];
    for (const cursor of refused) {
      const error = refusal(() => readPageCursor(ORIGIN, cursor, userList));
      expect(error.code, cursor).toBe('INVALID_INPUT');
      expect(error.message, cursor).toMatch(/^The next-page position is not the user list's own/);
      expect(error.action, cursor).toBe('Search again from the start.');
    }
  });
});

describe("the client's normalisation check", () => {
  it('sends an address only when URL normalisation leaves it as built', () => {
    expect(resolveOnOrigin(ORIGIN, `/api/v1/users/${USER}`, 'request address').href).toBe(`${ORIGIN}/api/v1/users/${USER}`);
    expect(resolveOnOrigin(ORIGIN, `${ORIGIN}/api/v1/users?limit=1`, 'request address').pathname).toBe('/api/v1/users');
    const refused = [
      `/api/v1/users/${USER}/factors/..`,
      '/api/v1/users/.',
      '/api/v1/users/%2e%2e/logs',
      '/api/v1/users/%2E%2E/logs',
      '/api/v1/users/.%2E/logs',
      `${ORIGIN}/api/v1/users/x/../../logs`,
      `${ORIGIN}\\api\\v1\\users`,
      '/api/v1/users/a b',
      '/api/v1/users/a\tb',
      `/api/v1/users?search=a b`,
      ORIGIN,
    ];
    for (const target of refused) {
      const error = refusal(() => resolveOnOrigin(ORIGIN, target, 'request address'));
      expect(error.code, target).toBe('ADDRESS_REFUSED');
      expect(error.message, target).toMatch(/would be changed by URL normalisation/);
    }
  });
});

describe("the sandbox org's ids", () => {
  it("have Okta's shape, so the sandbox exercises the same checks as a real org", () => {
    const ids = new IdFactory('shape-check');
    const prefixes = [...Object.values(FACTOR_ID_PREFIX), factorIdPrefix('token', 'SYMANTEC'), '00u', 'mst', 'pfd'];
    for (const prefix of prefixes) expect(ids.next(prefix)).toMatch(OKTA_ID_PATTERN);
    // Both org kinds, the showcase users' factors (YubiKey, RSA, Symantec, HOTP, Duo, FastPass, …) included.
    for (const engine of ['oie', 'classic'] as const) {
      const org = new Org('shape-check', 80, DEFAULT_TIMINGS, engine);
      const factorTypes = new Set<string>();
      for (const user of org.directory.users) {
        expect(user.id).toMatch(OKTA_ID_PATTERN);
        for (const factor of org.factorsOf(user)) {
          expect(factor.id, `${engine} ${factor.factorType}`).toMatch(OKTA_ID_PATTERN);
          factorTypes.add(factor.factorType);
        }
      }
      expect(factorTypes, engine).toEqual(new Set([...Object.keys(FACTOR_ID_PREFIX)].filter((type) => engine === 'oie' || type !== 'signed_nonce')));
    }
    const transaction = ids.transaction();
    expect(checkedLink(`${ORIGIN}/api/v1/users/${USER}/factors/${FACTOR}/transactions/${transaction}`, oktaLinkShapes.pushTransaction, 'push poll')).toBeTruthy();
  });
});
