/** DOM ids tying the search combobox to its result listbox (aria-controls / aria-activedescendant). */
export const USER_LISTBOX_ID = 'user-results';

export function userOptionId(userId: string): string {
  return `user-option-${userId}`;
}
