// Factor workflows (issue 4): enroll, activate, verify, reset. Filled in by the workflows work.
export const workflowMethods = {} as const;
export const workflowEvents = {} as const;
