// The bulk lane's pacer on its own, fed answers' headers by hand: it spreads a window's budget
// instead of bursting, leaves the reserve, waits for the window's end when the budget is spent, and
// follows the org when its window or limit changes.
import { describe, expect, it } from 'vitest';
import { BulkPacer } from '../../../main/core/okta/bulk-pacer';

const headers = (limit: number, remaining: number, resetAtMs: number, nowMs: number): Record<string, string> => ({
  'x-rate-limit-limit': String(limit),
  'x-rate-limit-remaining': String(remaining),
  'x-rate-limit-reset': String(Math.ceil(resetAtMs / 1000)),
  date: new Date(Math.floor(nowMs / 1000) * 1000).toUTCString(),
});

describe('BulkPacer', () => {
  it('learns the window from one request, then spreads the rest of the budget over what is left of it', async () => {
    const pacer = new BulkPacer({ concurrency: 4, reserveShare: 0.1 });
    const start = Date.now();
    const probe = await pacer.admit('api');
    pacer.answered(probe, headers(20, 19, start + 2_000, Date.now()), 200);
    expect(pacer.window('api')).toMatchObject({ limit: 20, remaining: 19 });
    const sentAt: number[] = [];
    for (let i = 0; i < 8; i++) {
      const ticket = await pacer.admit('api');
      sentAt.push(Date.now() - start);
      pacer.answered(ticket, undefined);
    }
    // 19 left less a reserve of 2 over ~2 s: about 120 ms apart, not all at once.
    const gaps = sentAt.slice(1).map((at, index) => at - (sentAt[index] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(60);
    expect(pacer.window('api')?.remaining).toBe(11);
    expect(pacer.bulkSent).toBe(9);
  });

  it('holds bulk requests until the window is over once only the reserve is left, and counts interactive requests', async () => {
    const pacer = new BulkPacer({ reserveShare: 0.1 });
    const now = Date.now();
    const probe = await pacer.admit('logs');
    pacer.answered(probe, headers(10, 2, now + 600, now), 200);
    const interactive = pacer.noteSent('logs');
    pacer.answered(interactive, headers(10, 1, now + 600, now), 200);
    expect(pacer.window('logs')?.remaining).toBe(1);
    const before = Date.now();
    const next = await pacer.admit('logs');
    expect(Date.now() - before).toBeGreaterThanOrEqual(400);
    pacer.answered(next, headers(10, 9, now + 60_000, Date.now()), 200);
    expect(pacer.window('logs')).toMatchObject({ limit: 10, remaining: 9 });
  });

  it('follows a window that moved (the org changed its limits) instead of trusting the old budget', async () => {
    const pacer = new BulkPacer();
    const now = Date.now();
    const first = await pacer.admit('api');
    pacer.answered(first, headers(600, 560, now + 55_000, now), 200);
    const second = await pacer.admit('api');
    pacer.answered(second, headers(12, 0, now + 2_000, now), 429);
    expect(pacer.window('api')).toMatchObject({ limit: 12, remaining: 0 });
    // A late answer to a request sent before the change does not bring the old budget back.
    const late = pacer.noteSent('api');
    pacer.answered({ ...late, seq: 0 }, headers(600, 559, now + 55_000, now), 200);
    expect(pacer.window('api')?.limit).toBe(12);
  });
});
