import { FactorDeskError } from '../../../contract/errors';
import { PollBudget, type PollBudgetOptions } from './poll-budget';

/** One poll budget per org, shared by every watch on it. */
export class OrgPollBudgets {
  private readonly budgets = new Map<string, PollBudget>();

  constructor(private readonly options: PollBudgetOptions = {}) {}

  for(orgId: string): PollBudget {
    let budget = this.budgets.get(orgId);
    if (!budget) {
      budget = new PollBudget(this.options);
      this.budgets.set(orgId, budget);
    }
    return budget;
  }

  /** FactorDesk is closing: whatever still waits for a poll is let go. */
  dispose(): void {
    for (const budget of this.budgets.values()) {
      budget.dispose(new FactorDeskError({ code: 'CANCELLED', message: 'FactorDesk is closing.' }));
    }
    this.budgets.clear();
  }
}
