import type { ActiveOrg } from '../feature-context';
import { Refusal } from '../audit/action-journal';
import type { AdminTargets, AdminStatus } from './admin-targets';
import type { AuthPolicy } from './auth-policy';

/**
 * The riskiest actions: reset all of a user's factors; change the factors of a user who holds (or
 * may hold) an admin role; issue a temporary access code (anyone holding it signs in as the user).
 */
export type RiskyAction = { kind: 'reset_all' } | { kind: 'change_factors' } | { kind: 'issue_tac' };

export interface StepUpOptions {
  policy: AuthPolicy;
  targets: AdminTargets;
  now(): Date;
}

/** How long a step-up sign-in waits to be used: about as long as a sign-in may take (5 minutes). */
const FRESH_SIGN_IN_COUNTS_MINUTES = 5;

/** "16 minutes", "1 minute", "45 seconds" (a policy may set less than a minute). */
function minutes(value: number): string {
  if (value < 1) {
    const seconds = Math.max(1, Math.round(value * 60));
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const rounded = Math.round(value);
  return `${rounded} minute${rounded === 1 ? '' : 's'}`;
}

/**
 * Before the riskiest actions, the signed-in agent's last sign-in at Okta must be recent (the
 * policy's step-up age, default 15 minutes); otherwise the action is refused with
 * STEP_UP_REQUIRED, and the window signs the agent in again (`max_age`) and retries. Only "Sign in
 * with Okta" connections have an agent sign-in to renew: API tokens and service apps are not asked.
 */
export class StepUp {
  /** Per org: the auth time of a step-up sign-in that has not yet been used for a risky action. */
  private readonly freshSignIns = new Map<string, number>();

  constructor(private readonly options: StepUpOptions) {}

  /**
   * A sign-in made for a step-up (the agent was asked to sign in again) just finished: it counts
   * for the next risky action in that org once, whatever the policy's age — with an age of 0
   * ("every time") no clock could say it is fresh enough, yet it was made for exactly this retry.
   * It stops counting once used, or when another sign-in replaces it, or after a few minutes.
   */
  noteStepUpSignIn(orgId: string, authTime: number | null): void {
    if (authTime === null) this.freshSignIns.delete(orgId);
    else this.freshSignIns.set(orgId, authTime);
  }

  get maxAgeMinutes(): number {
    return this.options.policy.stepUpMaxAgeMinutes;
  }

  async check(scope: ActiveOrg & { userId: string; userLogin: string | null }, action: RiskyAction): Promise<void> {
    const signIn = scope.signIn;
    if (!signIn) return;
    let target: AdminStatus | undefined;
    if (action.kind === 'change_factors') {
      target = await this.options.targets.statusOf(scope.client, scope.org.id, scope.userId);
      if (target.kind === 'not_admin') return;
    }
    const limit = this.options.policy.stepUpMaxAgeMinutes;
    const authTime = signIn.authTime();
    const ageMinutes = authTime === null ? null : (this.options.now().getTime() / 1000 - authTime) / 60;
    const fresh = this.freshSignIns.get(scope.org.id);
    if (fresh !== undefined && fresh === authTime && ageMinutes !== null && ageMinutes <= Math.max(limit, FRESH_SIGN_IN_COUNTS_MINUTES)) {
      this.freshSignIns.delete(scope.org.id);
      return;
    }
    // An age of 0 is "every time": only a sign-in made for this action counts (above), never the clock.
    if (limit > 0 && ageMinutes !== null && ageMinutes <= limit) return;
    const who = scope.userLogin ?? 'this user';
    const why =
      action.kind === 'reset_all'
        ? `Resetting all of ${who}'s factors`
        : action.kind === 'issue_tac'
          ? `Issuing a temporary access code for ${who}`
        : target?.kind === 'admin'
          ? `${who} holds an Okta admin role (${target.roles.slice(0, 3).join(', ')}), so changing their factors`
          : `FactorDesk could not tell whether ${who} holds an Okta admin role (${target?.kind === 'unknown' ? target.why : 'unknown'}), so changing their factors`;
    const since = ageMinutes === null ? 'Okta did not say when you last signed in' : `you last signed in ${minutes(ageMinutes)} ago`;
    const allowed = limit > 0 ? `your organization allows ${minutes(limit)}` : 'your organization asks for a fresh sign-in every time';
    throw new Refusal({
      code: 'STEP_UP_REQUIRED',
      message: `${why} needs a recent sign-in: ${since}, and ${allowed}.`,
      action: 'Sign in again with Okta; FactorDesk then carries on.',
    });
  }
}
