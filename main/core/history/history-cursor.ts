import { z } from 'zod';
import { FactorDeskError } from '../../../contract/errors';

/**
 * Where the next page starts. `log` is Okta's own `next` link (the client refuses any other origin;
 * we also insist on the logs path), with the events of that page already shown (`skip`: an Identity
 * Engine reset's deactivations are shown together, read ahead from the next page); `before` the
 * (time, id) of the oldest entry shown from the local sources. The range is inside so a cursor
 * cannot be replayed against another view.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  userId: z.string(),
  since: z.string(),
  until: z.string(),
  log: z.union([
    z.object({ state: z.literal('more'), next: z.string().max(3000), skip: z.array(z.string().max(100)).max(200).optional() }),
    z.object({ state: z.enum(['done', 'unavailable']) }),
  ]),
  before: z.object({ at: z.number(), id: z.string() }),
});

export type HistoryCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, view: { userId: string; since: string; until: string }): HistoryCursor {
  let parsed: HistoryCursor;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor('The "load older" position is not valid.');
  }
  if (parsed.userId !== view.userId || parsed.since !== view.since || parsed.until !== view.until) {
    throw invalidCursor('The "load older" position belongs to another user or date range.');
  }
  if (parsed.log.state === 'more' && !/^https?:\/\/[^/]+\/api\/v1\/logs\?/.test(parsed.log.next)) {
    throw invalidCursor('The "load older" position does not point at the System Log.');
  }
  return parsed;
}

function invalidCursor(message: string): FactorDeskError {
  return new FactorDeskError({ code: 'INVALID_INPUT', message, action: 'Reload the history from the start.' });
}
