import type { UserRecord } from '../directory/model';
import { OktaError } from '../errors';
import type { FactorRecord } from '../factors/model';
import type { ActivationLinkRequest, EnrollRequest, VerifyRequest } from '../factors/requests';
import {
  activateWithPassCode,
  enrollFactor,
  pollPushActivation,
  resendEnrollment,
  sendPushActivation,
  verifyFactor,
  type VerifyOutcome,
} from '../factors/service';
import type { ActionContext, LogActor, RequestContext } from '../logs/event-log';
import type { Org } from '../org';
import { secureToken } from '../random';
import type { PrimaryAuthRequest } from './requests';
import { logTacEvent } from '../authenticators/routes';
import { AuthnTransactions, type AuthnStatus, type AuthnTransaction } from './transactions';

const SESSION_TOKEN_TTL_MS = 5 * 60_000;
const SIGN_IN_STATUSES = new Set<UserRecord['status']>(['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY']);

/** A finished authentication: the one-time session token the client trades for a session. */
export interface AuthnSession {
  user: UserRecord;
  sessionToken: string;
  expiresAt: number;
  relayState: string | undefined;
}

export type FactorResult = 'WAITING' | 'TIMEOUT' | 'REJECTED';

/** Where a step left the sign-in: finished, or a transaction whose state the client reads (with a factor result). */
export type AuthnStep = { kind: 'signedIn'; session: AuthnSession } | { kind: 'transaction'; factorResult?: FactorResult };

export type SignInOutcome =
  | { kind: 'lockedOut'; relayState: string | undefined }
  | { kind: 'started'; transaction: AuthnTransaction }
  /** Sandbox convenience: a temporary access code given in place of the password signs in at once. */
  | { kind: 'signedIn'; session: AuthnSession };

/**
 * The Authentication API state machine the seeds walk through: primary auth → MFA_ENROLL →
 * MFA_ENROLL_ACTIVATE → SUCCESS, and MFA_REQUIRED → MFA_CHALLENGE → SUCCESS, with poll, resend,
 * previous, cancel and expiring state tokens. The end user acts in every step.
 */
export class AuthnService {
  private readonly transactions: AuthnTransactions;

  constructor(private readonly org: Org) {
    this.transactions = new AuthnTransactions(org);
  }

  resume(stateToken: string, allowed?: AuthnStatus[]): AuthnTransaction {
    return this.transactions.resume(stateToken, allowed);
  }

  userOf(transaction: AuthnTransaction): UserRecord {
    return this.org.user(transaction.userId);
  }

  factorOf(transaction: AuthnTransaction, factorId: string): FactorRecord {
    return this.org.factor(this.userOf(transaction), factorId);
  }

  /** The factor a call names, which must be the one the transaction is activating or verifying (else 403 E0000079). */
  currentFactor(transaction: AuthnTransaction, factorId: string): FactorRecord {
    if (transaction.factorId !== factorId) throw new OktaError('E0000079');
    return this.factorOf(transaction, factorId);
  }

  /** Primary authentication: a wrong password or an inactive user is logged and refused with 401 E0000004. */
  signIn(credentials: PrimaryAuthRequest, request: RequestContext): SignInOutcome {
    const { username, password, relayState } = credentials;
    const user = this.org.directory.byLoginOrShortName(username);
    const fail = (reason: string): never => {
      const actor: LogActor = user ? this.org.actorFor(user) : { id: 'unknown', type: 'User', alternateId: username, displayName: 'unknown', detailEntry: null };
      this.org.log.append({ eventType: 'user.session.start', displayMessage: 'User login to Okta', actor, targets: [], result: 'FAILURE', reason, request, credentialType: 'PASSWORD' });
      throw new OktaError('E0000004');
    };
    if (!user) return fail('INVALID_CREDENTIALS');
    if (user.password !== password) {
      // SANDBOX: a live temporary access code in place of the password (and of MFA). Real Okta
      // takes a TAC only in Identity Engine sign-in flows, never at the Authentication API.
      if (user.status === 'LOCKED_OUT' || !SIGN_IN_STATUSES.has(user.status)) return fail('INVALID_CREDENTIALS');
      const tac = this.org.tac.redeem(user, password);
      if (!tac) return fail('INVALID_CREDENTIALS');
      logTacEvent(this.org, this.endUser(user, request), user, tac, { eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', result: 'SUCCESS' });
      return { kind: 'signedIn', session: this.finish(user, relayState, request, ['tac']) };
    }
    if (user.status === 'LOCKED_OUT') return { kind: 'lockedOut', relayState };
    if (!SIGN_IN_STATUSES.has(user.status)) return fail('USER_NOT_ACTIVE');
    const hasActiveFactor = this.org.factorsOf(user).some((f) => f.status === 'ACTIVE') || this.org.tac.current(user) !== undefined;
    return { kind: 'started', transaction: this.transactions.begin(user.id, hasActiveFactor ? 'MFA_REQUIRED' : 'MFA_ENROLL', relayState) };
  }

  /** Whether `factorId` names the user's live temporary access code (offered in MFA_REQUIRED, a sandbox convenience). */
  isTac(transaction: AuthnTransaction, factorId: string): boolean {
    return this.org.tac.current(this.userOf(transaction))?.id === factorId;
  }

  /** MFA_REQUIRED with the temporary access code as the factor: the right code finishes the sign-in (a single-use one is used up). */
  verifyTac(transaction: AuthnTransaction, passCode: string | undefined, request: RequestContext): AuthnStep {
    const user = this.userOf(transaction);
    const ctx = this.endUser(user, request);
    const live = this.org.tac.current(user);
    if (!passCode) throw new OktaError('E0000001', 'passCode', ['passCode: The field cannot be left blank']);
    const tac = this.org.tac.redeem(user, passCode);
    if (!tac) {
      if (live) logTacEvent(this.org, ctx, user, live, { eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', result: 'FAILURE', reason: 'INVALID_CREDENTIALS' });
      throw new OktaError('E0000068', undefined, ["Your passcode doesn't match our records. Please try again."]);
    }
    logTacEvent(this.org, ctx, user, tac, { eventType: 'user.authentication.auth_via_mfa', displayMessage: 'Authentication of user via MFA', result: 'SUCCESS' });
    return this.signedIn(transaction, request, ['pwd', 'tac']);
  }

  /** MFA_ENROLL: a factor that is ACTIVE at once (a security question) finishes; others move to MFA_ENROLL_ACTIVATE. */
  enroll(transaction: AuthnTransaction, enroll: EnrollRequest, request: RequestContext): AuthnStep {
    const user = this.userOf(transaction);
    const factor = enrollFactor(this.org, this.endUser(user, request), user, enroll);
    if (factor.status === 'ACTIVE') return this.signedIn(transaction, request);
    transaction.status = 'MFA_ENROLL_ACTIVATE';
    transaction.factorId = factor.id;
    return { kind: 'transaction' };
  }

  /** MFA_ENROLL_ACTIVATE with push: finished once the phone scanned, else WAITING or (once) TIMEOUT. */
  pollPushActivation(transaction: AuthnTransaction, factor: FactorRecord, mayRestart: boolean, request: RequestContext): AuthnStep {
    const outcome = pollPushActivation(this.org, factor, mayRestart);
    if (outcome.kind === 'active') return this.signedIn(transaction, request);
    return { kind: 'transaction', factorResult: outcome.kind === 'timeout' ? 'TIMEOUT' : 'WAITING' };
  }

  /** MFA_ENROLL_ACTIVATE with a code: the right one finishes the sign-in. */
  activateWithPassCode(transaction: AuthnTransaction, factor: FactorRecord, passCode: string | undefined, request: RequestContext): AuthnStep {
    const user = this.userOf(transaction);
    activateWithPassCode(this.org, this.endUser(user, request), user, factor, passCode);
    return this.signedIn(transaction, request);
  }

  sendActivationLink(transaction: AuthnTransaction, factor: FactorRecord, link: ActivationLinkRequest, request: RequestContext): void {
    const user = this.userOf(transaction);
    sendPushActivation(this.org, this.endUser(user, request), user, factor, link);
  }

  resendActivation(transaction: AuthnTransaction, factor: FactorRecord, codeLifetimeSeconds: number | undefined, request: RequestContext): void {
    const user = this.userOf(transaction);
    resendEnrollment(this.org, this.endUser(user, request), user, factor, codeLifetimeSeconds);
  }

  /**
   * MFA_REQUIRED / MFA_CHALLENGE with push, polled by POSTing verify again: SUCCESS finishes;
   * REJECTED and TIMEOUT are reported once, after which the next call sends a new push.
   */
  verifyPush(transaction: AuthnTransaction, factor: FactorRecord, verify: VerifyRequest, request: RequestContext): AuthnStep {
    const push = transaction.factorId === factor.id && transaction.pushId ? this.org.pushes.get(transaction.pushId) : undefined;
    const result = push ? this.org.pushResult(push) : undefined;
    if (result === 'SUCCESS') return this.signedIn(transaction, request);
    if (result === 'WAITING') return { kind: 'transaction', factorResult: 'WAITING' };
    if ((result === 'REJECTED' || result === 'TIMEOUT') && !transaction.pushResultReported) {
      transaction.pushResultReported = true;
      return { kind: 'transaction', factorResult: result };
    }
    return this.challenge(transaction, factor, verify, request);
  }

  /** Starts a push or sends a code for the factor; the transaction moves to MFA_CHALLENGE. */
  challenge(transaction: AuthnTransaction, factor: FactorRecord, verify: VerifyRequest, request: RequestContext): AuthnStep {
    const user = this.userOf(transaction);
    // A new push (verify again, or resend) replaces the one in flight.
    this.org.cancelPush(transaction.pushId ? this.org.pushes.get(transaction.pushId) : undefined);
    return this.challenged(transaction, factor, verifyFactor(this.org, this.endUser(user, request), user, factor, verify, 'authn'));
  }

  /** Checks a passcode or answer: a right one finishes the sign-in; an empty passcode only sends a code, as a challenge does. */
  answerChallenge(transaction: AuthnTransaction, factor: FactorRecord, verify: VerifyRequest, request: RequestContext): AuthnStep {
    const user = this.userOf(transaction);
    const outcome = verifyFactor(this.org, this.endUser(user, request), user, factor, verify, 'authn');
    return outcome.kind === 'success' ? this.signedIn(transaction, request) : this.challenged(transaction, factor, outcome);
  }

  /** Back from MFA_ENROLL_ACTIVATE to MFA_ENROLL, or from MFA_CHALLENGE to MFA_REQUIRED (a push in flight is cancelled). */
  previous(transaction: AuthnTransaction): void {
    this.cancelPushOf(transaction);
    transaction.status = transaction.status === 'MFA_CHALLENGE' ? 'MFA_REQUIRED' : 'MFA_ENROLL';
    transaction.factorId = undefined;
    transaction.pushId = undefined;
  }

  cancel(transaction: AuthnTransaction): void {
    this.cancelPushOf(transaction);
    this.transactions.end(transaction);
  }

  private challenged(transaction: AuthnTransaction, factor: FactorRecord, outcome: VerifyOutcome): AuthnStep {
    transaction.status = 'MFA_CHALLENGE';
    transaction.factorId = factor.id;
    if (outcome.kind !== 'push') return { kind: 'transaction' };
    transaction.pushId = outcome.push.id;
    transaction.pushResultReported = false;
    return { kind: 'transaction', factorResult: 'WAITING' };
  }

  private cancelPushOf(transaction: AuthnTransaction): void {
    if (transaction.pushId) this.org.cancelPush(this.org.pushes.get(transaction.pushId));
  }

  private endUser(user: UserRecord, request: RequestContext): ActionContext {
    return { actor: this.org.actorFor(user), request };
  }

  private signedIn(transaction: AuthnTransaction, request: RequestContext, amr: string[] = ['pwd', 'mfa']): AuthnStep {
    const user = this.userOf(transaction);
    this.transactions.end(transaction);
    return { kind: 'signedIn', session: this.finish(user, transaction.relayState, request, amr) };
  }

  /** A finished sign-in: `user.session.start`, the one-time session token, and the Okta session it stands for. */
  private finish(user: UserRecord, relayState: string | undefined, request: RequestContext, amr: string[]): AuthnSession {
    user.lastLogin = this.org.clock.now();
    this.org.log.append({
      eventType: 'user.session.start',
      displayMessage: 'User login to Okta',
      actor: this.org.actorFor(user),
      targets: [],
      result: 'SUCCESS',
      request,
      credentialType: amr.includes('pwd') ? 'PASSWORD' : 'TAC',
    });
    this.org.sessions.start(user, { amr, mfa: amr.length > 1 || amr.includes('tac'), client: request.userAgent, ipAddress: request.ipAddress });
    return { user, sessionToken: '20111' + secureToken(37), expiresAt: this.org.clock.now() + SESSION_TOKEN_TTL_MS, relayState };
  }
}
