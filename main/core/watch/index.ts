export { DEFAULT_BUCKET_LIMIT_PER_MINUTE, DEFAULT_WATCH_SHARE, PollBudget, type PollBudgetOptions } from './poll-budget';
export { adaptivePollSchedule, retryDelayMs, type PollSchedule } from './poll-schedule';
export { WatchRegistry, type WatchEndReason, type WatchRegistryOptions, type WatchSpec } from './watch-registry';
export { OrgPollBudgets } from './org-poll-budgets';
