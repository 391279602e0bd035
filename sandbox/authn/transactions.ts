import { OktaError } from '../errors';
import type { Org } from '../org';
import { secureToken } from '../random';

export type AuthnStatus = 'MFA_ENROLL' | 'MFA_ENROLL_ACTIVATE' | 'MFA_REQUIRED' | 'MFA_CHALLENGE';

/** One Authentication API transaction, addressed by its state token. */
export interface AuthnTransaction {
  stateToken: string;
  userId: string;
  status: AuthnStatus;
  expiresAt: number;
  relayState: string | undefined;
  /** The factor being activated (MFA_ENROLL_ACTIVATE) or verified (MFA_CHALLENGE). */
  factorId: string | undefined;
  /** The push verify in flight for MFA_CHALLENGE, and whether its final result was already reported. */
  pushId: string | undefined;
  pushResultReported: boolean;
}

/** State tokens with Okta's sliding expiry: every request extends the transaction's lifetime. */
export class AuthnTransactions {
  private readonly byToken = new Map<string, AuthnTransaction>();

  constructor(private readonly org: Org) {}

  begin(userId: string, status: AuthnStatus, relayState: string | undefined): AuthnTransaction {
    const transaction: AuthnTransaction = {
      stateToken: '00' + secureToken(40),
      userId,
      status,
      expiresAt: 0,
      relayState,
      factorId: undefined,
      pushId: undefined,
      pushResultReported: false,
    };
    this.touch(transaction);
    this.byToken.set(transaction.stateToken, transaction);
    return transaction;
  }

  /** The live transaction of a state token: 401 E0000011 when unknown or expired, 403 E0000079 in another state than `allowed`. */
  resume(token: string, allowed?: AuthnStatus[]): AuthnTransaction {
    const transaction = this.byToken.get(token);
    if (!transaction || this.org.clock.now() >= transaction.expiresAt) {
      if (transaction) this.byToken.delete(token);
      throw new OktaError('E0000011');
    }
    if (allowed && !allowed.includes(transaction.status)) {
      throw new OktaError('E0000079', undefined, ['This operation is not allowed in the current authentication state.']);
    }
    this.touch(transaction);
    return transaction;
  }

  end(transaction: AuthnTransaction): void {
    this.byToken.delete(transaction.stateToken);
  }

  private touch(transaction: AuthnTransaction): void {
    transaction.expiresAt = this.org.clock.now() + this.org.timings.stateTokenTtlSeconds * 1000;
  }
}
