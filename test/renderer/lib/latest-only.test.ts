// latestOnly, the rule every store's loads follow: only the latest load writes, and busy stays on
// until it settles, in whatever order answers arrive.
import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { FactorDeskError } from '../../../contract/errors';
import { latestOnly } from '../../../renderer/src/lib/latest-only';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('latestOnly', () => {
  it('lets only the latest load write, and keeps busy on until it settles', async () => {
    const loads = latestOnly();
    const busy = ref(false);
    const written: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    const firstRun = loads.run(busy, () => first.promise, (value) => written.push(value), () => written.push('failed'));
    const secondRun = loads.run(busy, () => second.promise, (value) => written.push(value), () => written.push('failed'));
    expect(busy.value).toBe(true);
    first.resolve('first');
    await firstRun;
    expect(written).toEqual([]);
    expect(busy.value).toBe(true);
    second.resolve('second');
    await secondRun;
    expect(written).toEqual(['second']);
    expect(busy.value).toBe(false);
  });

  it("hands the latest load's failure over as bridge error data, and drops an older one's", async () => {
    const loads = latestOnly();
    const busy = ref(false);
    const failures: string[] = [];
    const older = deferred<never>();
    const olderRun = loads.run(busy, () => older.promise, () => {}, (error) => failures.push(error.code));
    await loads.run(busy, () => Promise.reject(new FactorDeskError({ code: 'NOT_FOUND', message: 'Gone.' })), () => {}, (error) => failures.push(error.code));
    older.reject(new Error('a bug'));
    await olderRun;
    expect(failures).toEqual(['NOT_FOUND']);
    await loads.run(busy, () => Promise.reject(new Error('a bug')), () => {}, (error) => failures.push(error.code));
    expect(failures).toEqual(['NOT_FOUND', 'INTERNAL']);
  });

  it('cancel drops loads on their way; a follow-up knows whether it still belongs', async () => {
    const loads = latestOnly();
    const busy = ref(false);
    const written: string[] = [];
    const pending = deferred<string>();
    const run = loads.run(busy, () => pending.promise, (value) => written.push(value), () => {});
    const followUp = loads.stillCurrent();
    expect(followUp()).toBe(true);
    loads.cancel();
    expect(followUp()).toBe(false);
    pending.resolve('late');
    await run;
    expect(written).toEqual([]);
  });
});
