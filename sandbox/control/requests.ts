import { validation } from '../errors';
import type { FaultSettings } from '../fault-injector';
import { BUCKETS, MIN_SHARE_PERCENT, type BucketName, type PrincipalShare, type RateLimitChanges } from '../rate-limiter';
import { asObject } from '../request-body';
import type { ScannedDevice } from '../factors/service';
import type { EventPlace } from '../logs/event-log';
import type { TokenRequest } from '../principals/mint-token';
import { ADMIN_ROLE_TYPES, CUSTOM_ROLE_PERMISSIONS, GROUP_LIMITABLE_ROLES, type AdminRoleType, type CustomRolePermission } from '../roles/admin-roles';
import type { RoleSpec } from '../roles/grant-roles';

/** The control API's requests, read from their JSON bodies into typed values (400 E0000001 with causes when malformed). */

const NUMBER_FIELDS = ['latencyMs', 'failureRate', 'failureStatus', 'dropConnectionRate', 'dropAnswerRate', 'malformedRate', 'count'] as const;

/** `POST /sandbox/v1/faults`: the faults to inject, every setting checked (one cause per bad one). */
export function parseFaults(body: unknown): FaultSettings {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validation('faults', ['The body must be a JSON object']);
  const input = body as Record<string, unknown>;
  const causes: string[] = [];
  const known = new Set<string>([...NUMBER_FIELDS, 'redirectTo', 'paths', 'queries', 'seed', 'methods']);
  for (const key of Object.keys(input)) if (!known.has(key)) causes.push(`${key}: unknown fault setting`);
  for (const key of NUMBER_FIELDS) {
    const value = input[key];
    if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      causes.push(`${key}: must be a non-negative number`);
    }
  }
  for (const key of ['failureRate', 'dropConnectionRate', 'dropAnswerRate', 'malformedRate'] as const) {
    const value = input[key];
    if (typeof value === 'number' && value > 1) causes.push(`${key}: must be between 0 and 1`);
  }
  const status = input.failureStatus;
  if (typeof status === 'number' && (status < 400 || status > 599 || !Number.isInteger(status))) causes.push('failureStatus: must be an HTTP error status (400-599)');
  const redirectTo = input.redirectTo;
  if (redirectTo !== undefined && redirectTo !== null) {
    if (typeof redirectTo !== 'string' || !/^https?:\/\/[^/]+/.test(redirectTo)) causes.push('redirectTo: must be an http(s) origin');
  }
  for (const key of ['paths', 'queries'] as const) {
    const pattern = input[key];
    if (pattern === undefined || pattern === null) continue;
    if (typeof pattern !== 'string') causes.push(`${key}: must be a regular expression string`);
    else {
      try {
        new RegExp(pattern);
      } catch {
        causes.push(`${key}: not a valid regular expression`);
      }
    }
  }
  const methods = input.methods;
  const httpMethods = ['GET', 'POST', 'PUT', 'DELETE'];
  if (methods !== undefined && methods !== null && (!Array.isArray(methods) || methods.length === 0 || methods.some((m) => typeof m !== 'string' || !httpMethods.includes(m.toUpperCase())))) {
    causes.push(`methods: must be a non-empty list of ${httpMethods.join(', ')}`);
  }
  const seed = input.seed;
  if (seed !== undefined && seed !== null && ((typeof seed !== 'string' && typeof seed !== 'number') || String(seed).length === 0 || String(seed).length > 100)) {
    causes.push('seed: must be a string or number (1-100 characters)');
  }
  if (causes.length) throw validation('faults', causes);
  const num = (key: (typeof NUMBER_FIELDS)[number], fallback: number): number => (typeof input[key] === 'number' ? (input[key] as number) : fallback);
  return {
    latencyMs: Math.min(num('latencyMs', 0), 120_000),
    failureRate: num('failureRate', 0),
    failureStatus: num('failureStatus', 503),
    dropConnectionRate: num('dropConnectionRate', 0),
    dropAnswerRate: num('dropAnswerRate', 0),
    redirectTo: typeof redirectTo === 'string' ? redirectTo.replace(/\/+$/, '') : null,
    malformedRate: num('malformedRate', 0),
    paths: typeof input.paths === 'string' ? input.paths : null,
    queries: typeof input.queries === 'string' ? input.queries : null,
    methods: Array.isArray(methods) ? methods.map((m) => String(m).toUpperCase()) : null,
    count: typeof input.count === 'number' ? Math.floor(input.count) : null,
    seed: typeof seed === 'string' || typeof seed === 'number' ? String(seed) : null,
  };
}

const BUCKET_SETTINGS = new Set<string>([...BUCKETS, 'concurrent', 'licences']);
const SHARE_FIELDS = ['percentage', 'concurrencyPercentage'] as const;

/** A share object (`{percentage, concurrencyPercentage}`): whole percents from Okta's minimum of 5 up to 100. */
function parseShare(path: string, raw: unknown, causes: string[]): Partial<PrincipalShare> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    causes.push(`${path}: must be an object with percentage and/or concurrencyPercentage`);
    return {};
  }
  const share: Partial<PrincipalShare> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(SHARE_FIELDS as readonly string[]).includes(key)) causes.push(`${path}.${key}: unknown share setting`);
    else if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_SHARE_PERCENT || value > 100) {
      causes.push(`${path}.${key}: must be a whole percent from ${MIN_SHARE_PERCENT} to 100 (Okta does not save less than ${MIN_SHARE_PERCENT} %)`);
    } else share[key as keyof PrincipalShare] = value;
  }
  return share;
}

/**
 * `POST /sandbox/v1/rate-limits`: the settings to change. Per-bucket limits, `concurrent` and
 * `licences` are non-negative integers, `enabled` a boolean, `principalDefaults` a share and
 * `principals` a map from principal id (API token id, OAuth client id) to a share, `{}` to drop it.
 */
export function parseRateLimitChanges(rawBody: unknown): RateLimitChanges {
  const body = asObject(rawBody);
  const changes: RateLimitChanges = {};
  const causes: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === 'enabled') {
      if (typeof value !== 'boolean') causes.push('enabled: must be true or false');
      else changes.enabled = value;
    } else if (key === 'principalDefaults') {
      changes.principalDefaults = parseShare(key, value, causes);
    } else if (key === 'principals') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) causes.push('principals: must be an object keyed by principal id');
      else {
        const principals: Record<string, Partial<PrincipalShare>> = {};
        for (const [id, share] of Object.entries(value)) {
          if (!/^[\w.-]{1,100}$/.test(id)) causes.push(`principals: ${JSON.stringify(id).slice(0, 40)} is not a token or client id`);
          else principals[id] = parseShare(`principals.${id}`, share, causes);
        }
        changes.principals = principals;
      }
    } else if (key === 'windowSeconds') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3600) causes.push('windowSeconds: must be a whole number of seconds from 1 to 3600');
      else changes.windowSeconds = value;
    } else if (!BUCKET_SETTINGS.has(key)) causes.push(`${key}: unknown rate-limit setting`);
    else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) causes.push(`${key}: must be a non-negative integer`);
    else changes[key as BucketName | 'concurrent' | 'licences'] = value;
  }
  if (causes.length) throw validation('rate-limits', causes);
  return changes;
}

/** `POST /sandbox/v1/clock/advance`: seconds to move forward, at most a year (the clock never goes back). */
export function parseClockAdvance(rawBody: unknown): number {
  const seconds = asObject(rawBody).seconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 366 * 86_400) {
    throw validation('seconds', ['seconds: must be a number of seconds between 0 and one year (the clock only moves forward)']);
  }
  return seconds;
}

/** `POST /sandbox/v1/users/{userId}/factors/{factorId}/scan`: what the phone reports about itself. */
export function parseScannedDevice(rawBody: unknown): ScannedDevice {
  const body = asObject(rawBody);
  const causes: string[] = [];
  for (const key of ['name', 'platform', 'version']) {
    if (body[key] !== undefined && typeof body[key] !== 'string') causes.push(`${key}: must be a string`);
  }
  const platform = body.platform === undefined ? 'IOS' : String(body.platform).toUpperCase();
  if (platform !== 'IOS' && platform !== 'ANDROID') causes.push('platform: must be IOS or ANDROID');
  const place = body.location === undefined ? undefined : parseLocation(body.location, causes);
  if (causes.length) throw validation('scan', causes);
  return {
    name: typeof body.name === 'string' ? body.name : undefined,
    platform: platform as ScannedDevice['platform'],
    version: typeof body.version === 'string' ? body.version : '17.4',
    ...(place ? { place } : {}),
  };
}

/**
 * A scan's `location`: where the phone was, as the System Log will show it —
 * `{ "country": "Romania", "city": "Bucharest", "state": null, "ipAddress": "203.0.113.7",
 *    "isProxy": true, "asOrg": "Anonymizer Ltd", "asNumber": 64500, "isp": "…" }` (country required).
 */
function parseLocation(raw: unknown, causes: string[]): EventPlace | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    causes.push('location: must be an object with at least a country');
    return undefined;
  }
  const location = raw as Record<string, unknown>;
  const text = (key: string): string | null => {
    const value = location[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || value.length > 100) {
      causes.push(`location.${key}: must be a string of at most 100 characters`);
      return null;
    }
    return value;
  };
  const country = text('country');
  if (!country) causes.push('location.country: The field cannot be left blank');
  const ipAddress = text('ipAddress');
  if (ipAddress !== null && !/^[0-9a-fA-F.:]{2,45}$/.test(ipAddress)) causes.push('location.ipAddress: must be an IP address');
  const isProxy = location.isProxy;
  if (isProxy !== undefined && isProxy !== null && typeof isProxy !== 'boolean') causes.push('location.isProxy: must be true or false');
  const asNumber = location.asNumber;
  if (asNumber !== undefined && asNumber !== null && (typeof asNumber !== 'number' || !Number.isInteger(asNumber) || asNumber < 0)) causes.push('location.asNumber: must be a whole number');
  return {
    ...(ipAddress ? { ipAddress } : {}),
    geographicalContext: { city: text('city'), state: text('state'), country, postalCode: null, geolocation: null },
    securityContext: {
      asNumber: typeof asNumber === 'number' ? asNumber : null,
      asOrg: text('asOrg'),
      isp: text('isp'),
      domain: null,
      isProxy: typeof isProxy === 'boolean' ? isProxy : null,
    },
  };
}

/** `POST /sandbox/v1/pushes/{transactionId}/approve`: the number the user picked, for number matching. */
export function parsePushAnswer(rawBody: unknown): number | undefined {
  const answer = asObject(rawBody).answer;
  return answer === undefined || answer === null ? undefined : Number(answer);
}

const STANDARD_ROLES: readonly string[] = ADMIN_ROLE_TYPES.filter((type) => type !== 'CUSTOM');

/**
 * Admin roles given in a control API body: `roles` (role types, or `{"type":"CUSTOM","label":…,
 * "permissions":[…]}`) and `groupIds` (the groups the help desk and custom roles are limited to).
 * Undefined when no roles were given; problems are added to `causes`.
 */
export function parseRoleSpecs(rawRoles: unknown, rawGroupIds: unknown, groupExists: (id: string) => boolean, causes: string[]): RoleSpec[] | undefined {
  let groupIds: string[] = [];
  if (rawGroupIds !== undefined) {
    if (!Array.isArray(rawGroupIds) || rawGroupIds.some((id) => typeof id !== 'string')) causes.push('groupIds: must be an array of group ids');
    else {
      groupIds = rawGroupIds as string[];
      for (const id of groupIds) if (!groupExists(id)) causes.push(`groupIds: no group ${id}`);
    }
  }
  if (rawRoles === undefined) {
    if (groupIds.length) causes.push('groupIds: give the roles they limit');
    return undefined;
  }
  if (!Array.isArray(rawRoles)) {
    causes.push('roles: must be an array of role types');
    return undefined;
  }
  const roles: RoleSpec[] = [];
  for (const raw of rawRoles) {
    if (typeof raw === 'string' && STANDARD_ROLES.includes(raw)) {
      const type = raw as Exclude<AdminRoleType, 'CUSTOM'>;
      roles.push(GROUP_LIMITABLE_ROLES.has(type) ? { type, groupIds } : { type });
    } else if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'CUSTOM') {
      const custom = raw as { label?: unknown; permissions?: unknown };
      const permissions = Array.isArray(custom.permissions) ? custom.permissions : [];
      const unknownPermission = permissions.find((p) => !(CUSTOM_ROLE_PERMISSIONS as readonly unknown[]).includes(p));
      if (permissions.length === 0 || unknownPermission !== undefined) {
        causes.push(`roles: a CUSTOM role needs permissions from ${CUSTOM_ROLE_PERMISSIONS.join(', ')}`);
      } else {
        roles.push({ type: 'CUSTOM', label: typeof custom.label === 'string' ? custom.label : 'Custom role', permissions: permissions as CustomRolePermission[], groupIds });
      }
    } else causes.push(`roles: ${JSON.stringify(raw)} is not one of ${[...STANDARD_ROLES, 'CUSTOM'].join(', ')}`);
  }
  const allRead = roles.length === rawRoles.length;
  if (allRead && groupIds.length && !roles.some((role) => GROUP_LIMITABLE_ROLES.has(role.type))) {
    causes.push('groupIds: only HELP_DESK_ADMIN and CUSTOM roles can be limited to groups');
  }
  return roles;
}

/**
 * `POST /sandbox/v1/tokens`: `login` (required), `roles` and `groupIds` (see parseRoleSpecs), and
 * optional `name`, `firstName`, `lastName`.
 */
export function parseTokenRequest(rawBody: unknown, groupExists: (id: string) => boolean): TokenRequest {
  const body = asObject(rawBody);
  const causes: string[] = [];
  const known = new Set(['login', 'roles', 'groupIds', 'name', 'firstName', 'lastName']);
  for (const key of Object.keys(body)) if (!known.has(key)) causes.push(`${key}: unknown token setting`);
  const login = body.login;
  if (typeof login !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(login)) causes.push('login: must be the admin\'s login (an email address)');
  for (const key of ['name', 'firstName', 'lastName']) if (body[key] !== undefined && typeof body[key] !== 'string') causes.push(`${key}: must be a string`);
  const roles = parseRoleSpecs(body.roles, body.groupIds, groupExists, causes);

  if (causes.length) throw validation('token', causes);
  return {
    login: login as string,
    roles,
    name: body.name as string | undefined,
    firstName: body.firstName as string | undefined,
    lastName: body.lastName as string | undefined,
  };
}
