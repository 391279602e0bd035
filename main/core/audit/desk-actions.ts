import type { AuditAction, AuditRecord } from './audit-record';

/** What one journal record is within its desk action: how it began, something sent on the way, or how it ended. */
export type DeskStepRole = 'start' | 'send' | 'result';

export interface DeskStep {
  record: AuditRecord;
  role: DeskStepRole;
}

/**
 * One thing the agent did, as the agent thinks of it: a test push (started, then answered), a code
 * check (started, code sent again, a wrong code, then the right one), an enrollment (started, link
 * sent, activated), a reset. Several journal records, one action.
 */
export interface DeskAction {
  /** The id of its first record: the same whatever else is read along with it. */
  key: string;
  /**
   * `test_push`, `code_check`, `enrollment`, `reset`, `reset_all`, `end_call`; any other journal
   * action is a desk action of its own, named by its journal action (`clear_sessions`, ...).
   */
  kind: string;
  /** Oldest first. */
  steps: DeskStep[];
  factorId: string | null;
  factorType: string | null;
  /** Times of its first and last records (ISO). */
  startedAt: string;
  endedAt: string;
}

/**
 * How a journal action takes part in a desk action. `start` always begins a new one; `join` adds
 * the record to the latest open action of `kind` for the same factor, or begins one when there is
 * none (its start was before the records read, or it had no factor). `closes`: the action has its
 * one answer, so nothing joins it after (a test push is answered once).
 */
interface DeskActionRule {
  kind: string | ((record: AuditRecord) => string);
  role: DeskStepRole;
  mode: 'start' | 'join';
  closes?: boolean;
}

/**
 * One entry per journal action that is part of a larger action. An action not listed here is a
 * desk action of its own (one record, kind = its journal action): a new action needs no entry
 * unless it has several records.
 */
export const deskActionRules: Partial<Record<AuditAction, DeskActionRule>> = {
  verify_start: { kind: (record) => (record.factorType === 'push' ? 'test_push' : 'code_check'), role: 'start', mode: 'start' },
  verify_push: { kind: 'test_push', role: 'result', mode: 'join', closes: true },
  verify_code: { kind: 'code_check', role: 'result', mode: 'join' },
  resend_code: { kind: (record) => (record.detail === 'enroll' ? 'enrollment' : 'code_check'), role: 'send', mode: 'join' },
  enroll: { kind: 'enrollment', role: 'start', mode: 'start' },
  restart_activation: { kind: 'enrollment', role: 'start', mode: 'join' },
  send_activation_link: { kind: 'enrollment', role: 'send', mode: 'join' },
  activate: { kind: 'enrollment', role: 'result', mode: 'join' },
  activation_watch: { kind: 'enrollment', role: 'result', mode: 'join', closes: true },
  reset_factor: { kind: 'reset', role: 'result', mode: 'start' },
  reset_all_factors: { kind: 'reset_all', role: 'result', mode: 'start' },
  end_call: { kind: 'end_call', role: 'result', mode: 'start' },
};

const ownAction: DeskActionRule = { kind: (record) => record.action, role: 'result', mode: 'start' };

/**
 * The journal's records (outcomes, oldest first: see outcomesOf) as desk actions, in the order
 * they began. Records of one user are expected; records of several users never join each other.
 */
export function groupDeskActions(records: readonly AuditRecord[]): DeskAction[] {
  const actions: DeskAction[] = [];
  /** The latest open action per user, kind and factor. */
  const open = new Map<string, DeskAction>();
  for (const record of records) {
    if (record.outcome === 'attempt') continue;
    const rule = deskActionRules[record.action] ?? ownAction;
    const kind = typeof rule.kind === 'string' ? rule.kind : rule.kind(record);
    const openKey = record.factorId ? `${record.orgId}\u0000${record.userId}\u0000${kind}\u0000${record.factorId}` : null;
    const joined = rule.mode === 'join' && openKey ? open.get(openKey) : undefined;
    const step: DeskStep = { record, role: rule.role };
    if (joined) {
      joined.steps.push(step);
      joined.endedAt = record.time;
      joined.factorType ??= record.factorType ?? null;
      if (rule.closes && openKey) open.delete(openKey);
      continue;
    }
    const action: DeskAction = {
      key: record.id,
      kind,
      steps: [step],
      factorId: record.factorId ?? null,
      factorType: record.factorType ?? null,
      startedAt: record.time,
      endedAt: record.time,
    };
    actions.push(action);
    if (openKey && !rule.closes) open.set(openKey, action);
    else if (openKey) open.delete(openKey);
  }
  return actions;
}

/** The step that says how the action ended: its last result, or its last step when none. */
export function lastResult(action: DeskAction): DeskStep {
  return action.steps.findLast((step) => step.role === 'result') ?? (action.steps.at(-1) as DeskStep);
}

/** Whether anything of the action may have reached Okta and changed or challenged the user (not all refused or failed before Okta). */
export function mayHaveHappened(action: DeskAction): boolean {
  return action.steps.some(({ record }) => record.outcome !== 'failure' || record.stage === 'at_okta');
}
