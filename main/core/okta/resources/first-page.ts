import type { z } from 'zod';
import type { OktaClient, OktaQuery } from '../client';

export interface FirstPage<T> {
  items: T[];
  /** Okta's `next` link (on the org's origin), null on the last page. */
  nextUrl: string | null;
}

/**
 * One page of a list: the first (path and query) or a later one (a `next` link kept as a cursor).
 * Only that page is fetched; the caller decides whether to follow `nextUrl`.
 */
export async function firstPage<T>(
  client: OktaClient,
  request: { path: string; query?: OktaQuery; signal?: AbortSignal },
  itemSchema: z.ZodType<T>,
): Promise<FirstPage<T>> {
  const pages = client.paginate({ path: request.path, query: request.query, itemSchema, signal: request.signal });
  try {
    const first = await pages.next();
    if (first.done) return { items: [], nextUrl: null };
    return { items: first.value.items, nextUrl: first.value.nextUrl };
  } finally {
    await pages.return(undefined);
  }
}
