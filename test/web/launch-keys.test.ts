import { describe, expect, it } from 'vitest';
import { describeLifetime, noSessionPage, refusedKeyPage } from '../../main/web/access-pages';
import { DEFAULT_LAUNCH_KEY_TTL_MS, LaunchKeys } from '../../main/web/launch-keys';

function clockAt(start: number) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

describe('launch keys', () => {
  it('are 32 random bytes, each different', () => {
    const keys = new LaunchKeys();
    const minted = Array.from({ length: 20 }, () => keys.mint());
    for (const key of minted) expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(minted).size).toBe(20);
  });

  it('open one session: the second use of a key is refused as "used"', () => {
    const keys = new LaunchKeys();
    const key = keys.mint();
    expect(keys.redeem(key)).toBe('accepted');
    expect(keys.redeem(key)).toBe('used');
    expect(keys.redeem(key)).toBe('used');
  });

  it('are independent: using one leaves the others live', () => {
    const keys = new LaunchKeys();
    const [first, second, third] = [keys.mint(), keys.mint(), keys.mint()];
    expect(keys.redeem(second)).toBe('accepted');
    expect(keys.redeem(first)).toBe('accepted');
    expect(keys.redeem(third)).toBe('accepted');
    expect(keys.redeem(second)).toBe('used');
  });

  it('expire when nobody opens them in time, and stay refused afterwards', () => {
    const clock = clockAt(1_000_000);
    const keys = new LaunchKeys({ ttlMs: 120_000, now: clock.read });
    expect(DEFAULT_LAUNCH_KEY_TTL_MS).toBe(120_000);
    const late = keys.mint();
    const onTime = keys.mint();
    clock.now += 119_999;
    expect(keys.redeem(onTime)).toBe('accepted');
    clock.now += 1;
    expect(keys.redeem(late)).toBe('expired');
    clock.now += 3_600_000;
    expect(keys.redeem(late)).toBe('expired');
    const fresh = keys.mint();
    expect(keys.redeem(fresh)).toBe('accepted');
  });

  it('refuse keys they never minted, near misses included', () => {
    const keys = new LaunchKeys();
    const key = keys.mint();
    for (const wrong of ['', 'x', `${key.slice(1)}x`, key.toUpperCase(), `${key} `, `${key}${key}`]) expect(keys.redeem(wrong), wrong).toBe('unknown');
    expect(keys.redeem(key)).toBe('accepted');
  });

  it('remember only the newest spent keys, and then call older ones unknown (never valid)', () => {
    const keys = new LaunchKeys();
    const spent = Array.from({ length: 70 }, () => keys.mint());
    for (const key of spent) keys.redeem(key);
    expect(keys.redeem(spent[0] as string)).toBe('unknown');
    expect(keys.redeem(spent[69] as string)).toBe('used');
  });
});

describe('the pages a browser without a session sees', () => {
  it('say how long an address works', () => {
    expect(describeLifetime(120_000)).toBe('2 minutes');
    expect(describeLifetime(60_000)).toBe('1 minute');
    expect(describeLifetime(90_000)).toBe('90 seconds');
    expect(describeLifetime(300)).toBe('1 second');
    expect(noSessionPage(120_000)).toContain('once, within 2 minutes');
  });

  it('say why a key was refused and how to get a new address', () => {
    expect(refusedKeyPage('used', 120_000)).toContain('already been used');
    expect(refusedKeyPage('expired', 120_000)).toContain('works for 2 minutes after it is printed');
    expect(refusedKeyPage('unknown', 120_000)).toContain('not valid');
    for (const why of ['used', 'expired', 'unknown'] as const) expect(refusedKeyPage(why, 120_000)).toContain('press <b>Enter</b> to print a new address');
  });
});
