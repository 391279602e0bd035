// Factor status history (issue 5). Filled in by the history work.
export const historyMethods = {} as const;
export const historyEvents = {} as const;
