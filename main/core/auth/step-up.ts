import type { ActiveOrg } from '../feature-context';
import { Refusal } from '../audit/action-journal';
import type { AdminTargets, AdminStatus } from './admin-targets';
import type { AuthPolicy } from './auth-policy';

/** The riskiest actions: reset all of a user's factors; change the factors of a user who holds (or may hold) an admin role. */
export type RiskyAction = { kind: 'reset_all' } | { kind: 'change_factors' };

export interface StepUpOptions {
  policy: AuthPolicy;
  targets: AdminTargets;
  now(): Date;
}

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
  constructor(private readonly options: StepUpOptions) {}

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
    if (ageMinutes !== null && ageMinutes <= limit) return;
    const who = scope.userLogin ?? 'this user';
    const why =
      action.kind === 'reset_all'
        ? `Resetting all of ${who}'s factors`
        : target?.kind === 'admin'
          ? `${who} holds an Okta admin role (${target.roles.slice(0, 3).join(', ')}), so changing their factors`
          : `FactorDesk could not tell whether ${who} holds an Okta admin role (${target?.kind === 'unknown' ? target.why : 'unknown'}), so changing their factors`;
    const since = ageMinutes === null ? 'Okta did not say when you last signed in' : `you last signed in ${minutes(ageMinutes)} ago`;
    throw new Refusal({
      code: 'STEP_UP_REQUIRED',
      message: `${why} needs a recent sign-in: ${since}, and your organization allows ${minutes(limit)}.`,
      action: 'Sign in again with Okta; FactorDesk then carries on.',
    });
  }
}
