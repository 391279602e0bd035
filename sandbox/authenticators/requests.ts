import { validation } from '../errors';
import { asObject, type JsonObject } from '../request-body';
import type { TacConfiguration, TacRequest } from './tac-authenticator';

function objectOrEmpty(value: unknown, key: string, causes: string[]): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    causes.push(`${key}: must be an object`);
    return {};
  }
  return value as JsonObject;
}

/**
 * `POST /users/{id}/authenticator-enrollments/tac`. The spec sends `profile.ttl` as a string of
 * minutes (its example a number); tac.md sends `config.ttl` as a number with `authenticatorType`.
 * Both are read; any other shape is 400 E0000001 naming the field.
 */
export function parseTacRequest(rawBody: unknown): TacRequest {
  const body = asObject(rawBody);
  const causes: string[] = [];
  const authenticatorId = body.authenticatorId;
  if (typeof authenticatorId !== 'string' || authenticatorId === '') causes.push('authenticatorId: The field cannot be left blank');
  if (body.authenticatorType !== undefined && body.authenticatorType !== 'tac') causes.push("authenticatorType: must be 'tac'");
  const profile = objectOrEmpty(body.profile, 'profile', causes);
  const config = objectOrEmpty(body.config, 'config', causes);
  const rawTtl = profile.ttl ?? config.ttl;
  let ttlMinutes: number | undefined;
  if (typeof rawTtl === 'number' && Number.isFinite(rawTtl)) ttlMinutes = rawTtl;
  else if (typeof rawTtl === 'string' && /^\d{1,6}$/.test(rawTtl.trim())) ttlMinutes = Number(rawTtl.trim());
  else if (rawTtl !== undefined && rawTtl !== null) causes.push('ttl: must be a whole number of minutes');
  const rawMultiUse = profile.multiUse ?? config.multiUse;
  if (rawMultiUse !== undefined && rawMultiUse !== null && typeof rawMultiUse !== 'boolean') causes.push('multiUse: must be true or false');
  if (causes.length) throw validation('authenticator', causes);
  return { authenticatorId: authenticatorId as string, ttlMinutes, multiUse: typeof rawMultiUse === 'boolean' ? rawMultiUse : undefined };
}

const TTL_BOUNDS = { min: 10, max: 14_400 };

/** `PUT /api/v1/authenticators/{tacId}`: the authenticator with its new `provider.configuration`, checked as the spec bounds it. */
export function parseTacConfiguration(rawBody: unknown): TacConfiguration {
  const body = asObject(rawBody);
  const causes: string[] = [];
  if (body.key !== undefined && body.key !== 'tac') causes.push("key: must be 'tac'");
  const provider = objectOrEmpty(body.provider, 'provider', causes);
  if (provider.type !== undefined && String(provider.type).toLowerCase() !== 'tac') causes.push("provider.type: must be 'tac'");
  const config = objectOrEmpty(provider.configuration, 'provider.configuration', causes);
  const minutes = (key: 'minTtl' | 'maxTtl' | 'defaultTtl'): number => {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < TTL_BOUNDS.min || value > TTL_BOUNDS.max) {
      causes.push(`provider.configuration.${key}: must be a whole number of minutes from ${TTL_BOUNDS.min} to ${TTL_BOUNDS.max}`);
      return NaN;
    }
    return value;
  };
  const minTtl = minutes('minTtl');
  const maxTtl = minutes('maxTtl');
  const defaultTtl = minutes('defaultTtl');
  if (minTtl >= maxTtl) causes.push('provider.configuration.minTtl: must be less than maxTtl');
  if (defaultTtl <= minTtl || defaultTtl >= maxTtl) causes.push('provider.configuration.defaultTtl: must be greater than minTtl and less than maxTtl');
  const length = config.length;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 8 || length > 64) causes.push('provider.configuration.length: must be a whole number from 8 to 64');
  const complexity = objectOrEmpty(config.complexity, 'provider.configuration.complexity', causes);
  if (complexity.numbers === false) causes.push('provider.configuration.complexity.numbers: is always true for the TAC authenticator');
  for (const key of ['letters', 'specialCharacters'] as const) {
    if (complexity[key] !== undefined && typeof complexity[key] !== 'boolean') causes.push(`provider.configuration.complexity.${key}: must be true or false`);
  }
  if (config.multiUseAllowed !== undefined && typeof config.multiUseAllowed !== 'boolean') causes.push('provider.configuration.multiUseAllowed: must be true or false');
  if (causes.length) throw validation('authenticator', causes);
  return {
    minTtl,
    maxTtl,
    defaultTtl,
    length: length as number,
    complexity: { numbers: true, letters: complexity.letters !== false, specialCharacters: complexity.specialCharacters !== false },
    multiUseAllowed: config.multiUseAllowed === true,
  };
}
