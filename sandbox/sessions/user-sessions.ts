import type { OrgClock } from '../clock';
import type { UserRecord } from '../directory/model';
import { BASE62, SeededRandom } from '../random';

/** An Okta session of a user (Okta's Session object: `GET /api/v1/sessions/{id}` would show it). */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  lastPasswordVerification: number | null;
  lastFactorVerification: number | null;
  /** Authentication methods of the sign-in: `pwd`, `mfa`, `tac` (sandbox word for a temporary access code), ... */
  amr: string[];
  mfaActive: boolean;
  /** What the sandbox knows of the client, for people reading the control API. */
  client: string;
  ipAddress: string;
  /** How it started: seeded with the org, or an Authentication API sign-in. */
  source: 'seeded' | 'authn';
}

/** An OAuth 2.0 / OIDC token an app holds for the user (a refresh token, with the access tokens it mints). */
export interface AppTokenRecord {
  id: string;
  userId: string;
  clientId: string;
  appName: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

/** A device on which the user ticked "Do not challenge me on this device" (what `forgetDevices` clears). */
export interface RememberedDevice {
  id: string;
  name: string;
  rememberedAt: number;
}

interface UserSessionState {
  sessions: SessionRecord[];
  appTokens: AppTokenRecord[];
  rememberedDevices: RememberedDevice[];
}

export interface ClearedSessions {
  sessions: number;
  appTokens: number;
  rememberedDevices: number;
}

const SEEDED_APPS = [
  { name: 'Slack', scopes: ['openid', 'profile', 'email', 'offline_access'] },
  { name: 'Zoom', scopes: ['openid', 'profile', 'offline_access'] },
  { name: 'Salesforce', scopes: ['openid', 'profile', 'email', 'offline_access'] },
  { name: 'Jira Cloud', scopes: ['openid', 'profile', 'offline_access'] },
] as const;
const SEEDED_CLIENTS = [
  'Chrome 138 on macOS',
  'Safari on iPhone',
  'Edge 137 on Windows',
  'Okta Verify on Android',
  'Firefox 140 on Ubuntu',
] as const;
const HOUR = 3_600_000;
const SESSION_LIFETIME_MS = 12 * HOUR;
const APP_TOKEN_LIFETIME_MS = 90 * 24 * HOUR;

/**
 * Who is signed in where, per user: Okta sessions (seeded for users who signed in before, and made
 * by every Authentication API sign-in), the OAuth tokens apps hold for them, and remembered devices.
 * `DELETE /api/v1/users/{userId}/sessions` clears them for real (directory/lifecycle.ts), and the
 * control API reads them back (`GET /sandbox/v1/users/{id}/sessions`). The org authorization
 * server's own grants (FactorDesk's agent sign-ins) are revoked beside these (org.ts).
 */
export class UserSessions {
  private readonly states = new Map<string, UserSessionState>();

  constructor(
    private readonly seed: string | number,
    private readonly clock: OrgClock,
  ) {}

  /** The user's state, seeded on first use: a user who signed in before has one or two sessions, app tokens and a remembered device. */
  of(user: UserRecord): UserSessionState {
    let state = this.states.get(user.id);
    if (!state) {
      state = this.seeded(user);
      this.states.set(user.id, state);
    }
    const now = this.clock.now();
    state.sessions = state.sessions.filter((session) => session.expiresAt > now);
    state.appTokens = state.appTokens.filter((token) => token.expiresAt > now);
    return state;
  }

  /** A sign-in finished: a new session (the Authentication API's session token is redeemed for it at once). */
  start(user: UserRecord, details: { amr: string[]; mfa: boolean; client: string; ipAddress: string }): SessionRecord {
    const now = this.clock.now();
    const session: SessionRecord = {
      id: `102${randomId(22)}`,
      userId: user.id,
      createdAt: now,
      expiresAt: now + SESSION_LIFETIME_MS,
      lastPasswordVerification: details.amr.includes('pwd') ? now : null,
      lastFactorVerification: details.mfa ? now : null,
      amr: details.amr,
      mfaActive: details.mfa,
      client: details.client,
      ipAddress: details.ipAddress,
      source: 'authn',
    };
    this.of(user).sessions.push(session);
    return session;
  }

  /** Ends every session; with `oauthTokens`, revokes the apps' tokens; with `forgetDevices`, forgets remembered devices. */
  clear(user: UserRecord, options: { oauthTokens: boolean; forgetDevices: boolean }): ClearedSessions {
    const state = this.of(user);
    const cleared = {
      sessions: state.sessions.length,
      appTokens: options.oauthTokens ? state.appTokens.length : 0,
      rememberedDevices: options.forgetDevices ? state.rememberedDevices.length : 0,
    };
    state.sessions = [];
    if (options.oauthTokens) state.appTokens = [];
    if (options.forgetDevices) state.rememberedDevices = [];
    return cleared;
  }

  private seeded(user: UserRecord): UserSessionState {
    const state: UserSessionState = { sessions: [], appTokens: [], rememberedDevices: [] };
    if (user.lastLogin === null || user.status !== 'ACTIVE') return state;
    const random = new SeededRandom(`${this.seed}:sessions:${user.id}`);
    const now = this.clock.now();
    const sessionCount = random.int(1, 2);
    for (let i = 0; i < sessionCount; i++) {
      const createdAt = now - random.int(5, 11 * 60) * 60_000;
      state.sessions.push({
        id: `102${random.string(22, BASE62)}`,
        userId: user.id,
        createdAt,
        expiresAt: createdAt + SESSION_LIFETIME_MS,
        lastPasswordVerification: createdAt,
        lastFactorVerification: createdAt,
        amr: ['pwd', 'mfa'],
        mfaActive: true,
        client: random.pick(SEEDED_CLIENTS),
        ipAddress: `198.51.100.${random.int(2, 250)}`,
        source: 'seeded',
      });
    }
    const apps = shuffled(SEEDED_APPS, random).slice(0, random.int(1, 3));
    for (const app of apps) {
      const issuedAt = now - random.int(1, 30 * 24) * HOUR;
      state.appTokens.push({
        id: `oar${random.string(17, BASE62)}`,
        userId: user.id,
        clientId: `0oa${random.string(17, BASE62)}`,
        appName: app.name,
        scopes: [...app.scopes],
        issuedAt,
        expiresAt: issuedAt + APP_TOKEN_LIFETIME_MS,
      });
    }
    state.rememberedDevices.push({ id: `guo${random.string(17, BASE62)}`, name: random.pick(SEEDED_CLIENTS), rememberedAt: now - random.int(1, 60) * 24 * HOUR });
    return state;
  }
}

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function randomId(length: number): string {
  // Session ids are secrets in Okta (a session id is a bearer credential): from the OS CSPRNG, not the seed.
  let out = '';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  for (const byte of bytes) out += BASE62[byte % BASE62.length];
  return out;
}
