import type { ActionJournal } from '../audit';
import type { EmitEvent } from '../feature-context';
import type { OrgPollBudgets, WatchRegistry } from '../watch';

/** What a live watch of a push (test push or activation) needs: the registry, its org's budget, a way to report, the journal. */
export interface LiveWatchDeps {
  watches: WatchRegistry;
  budgets: OrgPollBudgets;
  emit: EmitEvent;
  now(): Date;
  journal: ActionJournal;
}
