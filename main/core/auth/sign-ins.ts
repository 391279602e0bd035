import { FactorDeskError } from '../../../contract/errors';
import type { CompletedSignIn, PendingSignIn } from './sign-in';

interface Entry {
  signIn: PendingSignIn;
  /** The window or browser page that started it: only it may wait for it or cancel it. */
  clientId: string;
}

function noSuchSignIn(): FactorDeskError {
  return new FactorDeskError({
    code: 'NOT_FOUND',
    message: 'That sign-in is over (finished, cancelled, replaced by a newer one, or timed out).',
    action: 'Start the sign-in again.',
  });
}

/** Sign-ins in progress: at most one per org (a new one replaces the old), each its starter's. */
export class SignIns {
  readonly #entries = new Map<string, Entry>();

  add(signIn: PendingSignIn, clientId: string): void {
    for (const [id, entry] of this.#entries) {
      if (entry.signIn.orgId === signIn.orgId) this.#end(id);
    }
    this.#entries.set(signIn.id, { signIn, clientId });
  }

  /** Whether `url` is exactly the sign-in page of a sign-in in progress (the desktop app opens only those). */
  isSignInPage(url: string): boolean {
    return [...this.#entries.values()].some((entry) => entry.signIn.authorizationUrl.href === url);
  }

  /** Wait for a sign-in to come back and be exchanged; it is over afterwards, however it ended. */
  async finish(signInId: string, clientId: string): Promise<{ orgId: string; completed: CompletedSignIn }> {
    const entry = this.#entries.get(signInId);
    if (!entry || entry.clientId !== clientId) throw noSuchSignIn();
    try {
      return { orgId: entry.signIn.orgId, completed: await entry.signIn.complete() };
    } finally {
      if (this.#entries.get(signInId) === entry) this.#entries.delete(signInId);
    }
  }

  cancel(signInId: string, clientId: string): void {
    const entry = this.#entries.get(signInId);
    if (entry && entry.clientId === clientId) this.#end(signInId);
  }

  /** An org was edited or removed: its sign-in is for what no longer is. */
  cancelForOrg(orgId: string): void {
    for (const [id, entry] of this.#entries) if (entry.signIn.orgId === orgId) this.#end(id);
  }

  clientClosed(clientId: string): void {
    for (const [id, entry] of this.#entries) if (entry.clientId === clientId) this.#end(id);
  }

  close(): void {
    for (const id of [...this.#entries.keys()]) this.#end(id);
  }

  #end(id: string): void {
    this.#entries.get(id)?.signIn.cancel();
    this.#entries.delete(id);
  }
}
