/** Rows done and requests sent over the last minute of a run: its rate and, from it, the ETA. */
export class RateMeter {
  private samples: Array<{ at: number; rows: number; requests: number }> = [];
  private rows = 0;

  constructor(private readonly now: () => Date) {}

  start(rowsDone: number, requestsSent: number): void {
    this.rows = rowsDone;
    this.samples = [{ at: this.now().getTime(), rows: rowsDone, requests: requestsSent }];
  }

  rowDone(requestsSent: number): void {
    this.rows += 1;
    const at = this.now().getTime();
    this.samples.push({ at, rows: this.rows, requests: requestsSent });
    // Keep a minute (and the sample just before it, as the window's start).
    while (this.samples.length > 2 && (this.samples[1] as { at: number }).at < at - 60_000) this.samples.shift();
  }

  rates(): { rowsPerMinute: number | null; requestsPerMinute: number | null } {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 1_000) return { rowsPerMinute: null, requestsPerMinute: null };
    const minutes = (last.at - first.at) / 60_000;
    return { rowsPerMinute: Math.round((last.rows - first.rows) / minutes), requestsPerMinute: Math.round((last.requests - first.requests) / minutes) };
  }
}
