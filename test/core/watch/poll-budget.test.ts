// Scheduling behaviour of live watches (fake timers): the shared poll budget, the adaptive
// schedule, and stopping. Real HTTP behaviour is covered by the sandbox tests.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FactorDeskError } from '../../../contract/errors';
import { PollBudget, WatchRegistry, type WatchSpec } from '../../../main/core/watch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

interface CountingWatch {
  spec: WatchSpec;
  polls: number;
  ends: string[];
}

function countingWatch(watchId: string, clientId: string, budget: PollBudget, finishAfter = Infinity): CountingWatch {
  const watch: CountingWatch = {
    polls: 0,
    ends: [],
    spec: {
      watchId,
      clientId,
      budget,
      poll: async () => {
        watch.polls += 1;
        return watch.polls >= finishAfter;
      },
      onEnd: (reason) => {
        watch.ends.push(reason);
      },
    },
  };
  return watch;
}

describe('shared poll budget', () => {
  it('keeps twenty open watches within a third of the org bucket', async () => {
    // An org whose bucket allows 60 requests a minute: watches together may use 20 of them.
    const budget = new PollBudget({ defaultLimitPerMinute: 60 });
    const registry = new WatchRegistry();
    const watches = Array.from({ length: 20 }, (_, i) => countingWatch(`w${i}`, 'window-1', budget));
    for (const watch of watches) registry.start(watch.spec);

    await vi.advanceTimersByTimeAsync(60_000);
    const total = watches.reduce((sum, watch) => sum + watch.polls, 0);
    // 20 per minute plus the one-poll burst allowance.
    expect(total).toBeLessThanOrEqual(21);
    expect(total).toBeGreaterThanOrEqual(18);
    // First come, first served: the budget is shared, not taken by the first few watches.
    expect(watches.filter((watch) => watch.polls > 0).length).toBeGreaterThanOrEqual(18);
    await registry.close();
  });

  it('lets a single watch poll once a second while the budget allows it, then backs off', async () => {
    const budget = new PollBudget();
    const registry = new WatchRegistry();
    const watch = countingWatch('solo', 'window-1', budget);
    registry.start(watch.spec);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(watch.polls).toBe(60);
    await vi.advanceTimersByTimeAsync(60_000);
    // 2 s apart in the second minute.
    expect(watch.polls).toBe(90);
    await vi.advanceTimersByTimeAsync(60_000);
    // 4 s apart afterwards, like the Sign-In Widget.
    expect(watch.polls).toBe(105);
    await registry.close();
  });

  it('resizes from the org X-Rate-Limit-Limit', async () => {
    const budget = new PollBudget({ defaultLimitPerMinute: 6000 });
    const registry = new WatchRegistry();
    const watches = Array.from({ length: 10 }, (_, i) => countingWatch(`w${i}`, 'window-1', budget));
    for (const watch of watches) registry.start(watch.spec);
    await vi.advanceTimersByTimeAsync(10_000);
    const beforeResize = watches.reduce((sum, watch) => sum + watch.polls, 0);
    expect(beforeResize).toBe(100); // unconstrained: each polls once a second

    budget.setBucketLimit(120); // 40 polls a minute for all watches together
    await vi.advanceTimersByTimeAsync(30_000);
    const afterResize = watches.reduce((sum, watch) => sum + watch.polls, 0) - beforeResize;
    expect(afterResize).toBeLessThanOrEqual(20 + 2);
    await registry.close();
  });
});

describe('watch lifecycle', () => {
  it('stops on a final state, on cancel, when its client closes, and on close', async () => {
    const budget = new PollBudget();
    const registry = new WatchRegistry();
    const finishing = countingWatch('final', 'window-1', budget, 3);
    const cancelled = countingWatch('cancel', 'window-1', budget);
    const otherWindow = countingWatch('other', 'window-2', budget);
    const shutdown = countingWatch('shutdown', 'window-3', budget);
    for (const watch of [finishing, cancelled, otherWindow, shutdown]) registry.start(watch.spec);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(finishing.polls).toBe(3);
    expect(finishing.ends).toEqual([]); // finished: its final event was its own
    expect(registry.has('final')).toBe(false);

    expect(await registry.stop('cancel')).toBe(true);
    expect(await registry.stop('cancel')).toBe(false); // idempotent
    expect(cancelled.ends).toEqual(['cancelled']);

    await registry.clientClosed('window-2');
    expect(otherWindow.ends).toEqual(['client_closed']);
    expect(registry.has('shutdown')).toBe(true);

    await registry.close();
    expect(shutdown.ends).toEqual(['shutdown']);

    const pollsAtStop = [cancelled.polls, otherWindow.polls, shutdown.polls];
    await vi.advanceTimersByTimeAsync(10_000);
    expect([cancelled.polls, otherWindow.polls, shutdown.polls]).toEqual(pollsAtStop);
    expect(registry.size).toBe(0);
  });

  it('retries transient poll failures and gives up on others', async () => {
    const budget = new PollBudget();
    const registry = new WatchRegistry();
    let calls = 0;
    const ends: { reason: string; code: string | undefined }[] = [];
    registry.start({
      watchId: 'flaky',
      clientId: 'window-1',
      budget,
      poll: async () => {
        calls += 1;
        if (calls <= 2) throw new FactorDeskError({ code: 'NETWORK', message: 'blip' });
        throw new FactorDeskError({ code: 'NOT_FOUND', message: 'gone' });
      },
      onEnd: (reason, error) => {
        ends.push({ reason, code: error?.data.code });
      },
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(3);
    expect(ends).toEqual([{ reason: 'failed', code: 'NOT_FOUND' }]);
  });

  it('reports each retried failure (5xx included) and the recovery, and still gives up after five in a row', async () => {
    const budget = new PollBudget();
    const registry = new WatchRegistry();
    // Two failures, one good poll, then nothing but dropped connections.
    const script = ['NETWORK', '503', 'ok', 'NETWORK', 'NETWORK', 'NETWORK', 'NETWORK', 'NETWORK', 'NETWORK'];
    let calls = 0;
    const reports: string[] = [];
    registry.start({
      watchId: 'unreachable',
      clientId: 'window-1',
      budget,
      poll: async () => {
        const step = script[calls] ?? 'NETWORK';
        calls += 1;
        if (step === 'ok') return false;
        if (step === '503') throw new FactorDeskError({ code: 'OKTA_ERROR', message: 'Okta had a problem', httpStatus: 503 });
        throw new FactorDeskError({ code: 'NETWORK', message: 'dropped' });
      },
      onRetrying: (error, consecutiveFailures) => {
        reports.push(`retrying ${error.data.code} #${consecutiveFailures}`);
      },
      onRecovered: () => {
        reports.push('recovered');
      },
      onEnd: (reason, error) => {
        reports.push(`end ${reason} ${error?.data.code ?? ''}`);
      },
    });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(reports).toEqual([
      'retrying NETWORK #1',
      'retrying OKTA_ERROR #2',
      'recovered',
      'retrying NETWORK #1',
      'retrying NETWORK #2',
      'retrying NETWORK #3',
      'retrying NETWORK #4',
      'end failed NETWORK',
    ]);
    expect(calls).toBe(8);
    expect(registry.size).toBe(0);
  });

  it('a throwing progress listener does not stop the watch', async () => {
    const budget = new PollBudget();
    const registry = new WatchRegistry();
    let calls = 0;
    const ends: string[] = [];
    registry.start({
      watchId: 'noisy',
      clientId: 'window-1',
      budget,
      poll: async () => {
        calls += 1;
        if (calls === 1) throw new FactorDeskError({ code: 'TIMEOUT', message: 'slow' });
        return calls >= 3;
      },
      onRetrying: () => {
        throw new Error('listener broke');
      },
      onRecovered: () => {
        throw new Error('listener broke');
      },
      onEnd: (reason) => {
        ends.push(reason);
      },
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(3);
    expect(ends).toEqual([]);
    expect(registry.size).toBe(0);
  });
});
