/** Whether the factor table shows its per-factor actions column (FactorRowActions.vue). Off until issue 4 fills it. */
export const showFactorRowActions = true;
