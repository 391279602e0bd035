/**
 * Whether a parsed JSON line looks like a whole record: an object whose `timeField` is a parseable
 * time and whose `stringFields` are all strings. Readers use it to skip torn or damaged lines.
 */
export function hasRecordShape(value: unknown, timeField: string, stringFields: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const time = record[timeField];
  return typeof time === 'string' && !Number.isNaN(Date.parse(time)) && stringFields.every((field) => typeof record[field] === 'string');
}
