import { z } from 'zod';

/**
 * A field Okta documents as one of a list of values, read as any string: a value Okta adds later
 * (or documents in prose but not in its enum) passes through as sent, typed as the known values
 * plus any other string, and never fails the answer it is in.
 */
export function openEnum<const Known extends string>(_known: readonly Known[]): z.ZodType<Known | (string & {})> {
  return z.string();
}
