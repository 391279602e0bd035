/**
 * The org's clock: real time plus an offset the control API can move forward, so activation
 * expiry, push timeouts, TOTP windows, log timestamps and rate-limit windows are testable
 * without sleeping.
 */
export class OrgClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  iso(at: number = this.now()): string {
    return new Date(at).toISOString();
  }

  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
  }
}
