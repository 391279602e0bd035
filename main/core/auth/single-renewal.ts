/**
 * One token renewal at a time, however many requests need one: the first starts it, the others
 * wait for it. A renewal asked for because a token was refused is skipped when that token has
 * already been replaced (a request that carried it finished late).
 */
export class SingleRenewal {
  #running: Promise<void> | undefined;

  run(current: string | undefined, refused: string | undefined, renew: () => Promise<void>): Promise<void> {
    if (this.#running) return this.#running;
    if (current !== undefined && refused !== undefined && current !== refused) return Promise.resolve();
    this.#running = renew().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }
}
