import { OktaError, validation } from './errors';

export type JsonObject = Record<string, unknown>;

/** A request body as an object: none is `{}`; any other JSON than an object is 400 E0000003. */
export function asObject(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new OktaError('E0000003');
  return body as JsonObject;
}

/** A string field that may be left out (or null); any other type is 400 E0000001. */
export function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(key, [`${key}: must be a string`]);
  return value;
}
