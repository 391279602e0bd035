/**
 * Show one History entry (`sl:<uuid>`) from another panel (a risk card signal, the lock reason).
 * The History view loads after the user page, with its store: it is imported when used, so the
 * user page does not carry it (and its contract schemas).
 */
export async function revealInHistory(entryId: string): Promise<boolean> {
  const { useHistoryStore } = await import('./history-store');
  return useHistoryStore().reveal(entryId);
}
