/**
 * Every keyboard shortcut, in one list: the key handler (composables/useShortcut.ts), the hints on
 * the buttons (KeyHint, aria-keyshortcuts) and the "?" overlay all read it. Single keys act only
 * when no text field has focus and no dialog is open, so they never fight with typing. A new
 * shortcut is one entry here and one `useShortcut(id, ...)` where its action lives.
 */
import { shortcutModifier } from '../lib/platform';

export type ShortcutId = 'search' | 'verify' | 'enroll' | 'reset' | 'tac' | 'refresh' | 'ticket-note' | 'help';

export interface Shortcut {
  id: ShortcutId;
  /** What to press, as the keyboard says it; alternatives in turn. `Mod` is Ctrl, or ⌘ on a Mac. */
  keys: readonly string[];
  /** What it does, for the overlay. */
  label: string;
  /** `user`: on an open user's page; `anywhere`: in the whole console. */
  where: 'anywhere' | 'user';
}

export const shortcuts: readonly Shortcut[] = [
  { id: 'search', keys: ['Mod+K'], label: 'Find a user: name, email, login or the phone number on your display', where: 'anywhere' },
  { id: 'verify', keys: ['V'], label: 'Verify the caller (test push or code)', where: 'user' },
  { id: 'enroll', keys: ['E'], label: 'Enroll a factor', where: 'user' },
  { id: 'reset', keys: ['R'], label: 'Reset all factors (asks you to type the login)', where: 'user' },
  { id: 'tac', keys: ['T'], label: 'Issue a temporary access code (after a check, or a recorded verification)', where: 'user' },
  { id: 'refresh', keys: ['F5', 'Shift+R'], label: "Refresh the user's factors and history", where: 'user' },
  { id: 'ticket-note', keys: ['C'], label: 'Copy the ticket note of this call', where: 'user' },
  { id: 'help', keys: ['?'], label: 'Show these shortcuts', where: 'anywhere' },
];

/** How keys work inside every dialog, for the overlay: `keys` are alternatives, or a sequence when `then`. */
export const dialogKeys: ReadonlyArray<{ keys: readonly string[]; then?: boolean; label: string }> = [
  { keys: ['Tab', 'Shift+Tab'], label: 'Move between fields and buttons' },
  { keys: ['Enter'], label: 'Send, check or continue where that is safe' },
  { keys: ['Esc'], label: 'Close the dialog (a push still waiting is withdrawn)' },
  { keys: ['Tab', 'Enter'], then: true, label: 'A reset is confirmed only on its button: Enter in a field never resets' },
];

export function shortcutOf(id: ShortcutId): Shortcut {
  const found = shortcuts.find((shortcut) => shortcut.id === id);
  if (!found) throw new Error(`No shortcut ${id}`);
  return found;
}

/** "Ctrl+K" / "⌘K" as printed on the agent's keyboard. */
export function keyLabel(key: string): string {
  return key.replace('Mod+', shortcutModifier === '⌘' ? '⌘' : 'Ctrl+');
}

/** The value of aria-keyshortcuts: "V", "F5 Shift+R", "Control+K". */
export function ariaKeys(id: ShortcutId): string {
  return shortcutOf(id)
    .keys.map((key) => key.replace('Mod+', shortcutModifier === '⌘' ? 'Meta+' : 'Control+'))
    .join(' ');
}

/** Whether a key press is `key` ("V", "Shift+R", "F5", "?"): letters in either case, and no other modifier. */
export function isKey(event: KeyboardEvent, key: string): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  if (key === '?') return event.key === '?';
  const shifted = key.startsWith('Shift+');
  const bare = shifted ? key.slice('Shift+'.length) : key;
  if (event.shiftKey !== shifted) return false;
  return bare.length === 1 ? event.key.toLowerCase() === bare.toLowerCase() : event.key === bare;
}
