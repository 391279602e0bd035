import { onBeforeUnmount, onMounted } from 'vue';
import { isKey, shortcuts, type ShortcutId } from '../app/shortcuts';

interface Registration {
  run: () => void;
  enabled: () => boolean;
}

/** The handlers of the components on screen, the latest mounted first. */
const registered = new Map<ShortcutId, Registration[]>();

/**
 * Run `run` when the agent presses the shortcut `id` (app/shortcuts.ts) while this component is
 * mounted and `enabled()` holds. Needs `useShortcutKeys()` once, in the app shell.
 */
export function useShortcut(id: ShortcutId, run: () => void, enabled: () => boolean = () => true): void {
  const registration: Registration = { run, enabled };
  onMounted(() => registered.set(id, [registration, ...(registered.get(id) ?? [])]));
  onBeforeUnmount(() => registered.set(id, (registered.get(id) ?? []).filter((each) => each !== registration)));
}

/** Typing belongs to text fields, and to the lists and menus that take letters to jump. */
const TYPING_TARGETS = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="combobox"], [role="listbox"], [role="menu"], [role="textbox"], .n-base-selection';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(TYPING_TARGETS) !== null;
}

/** Every dialog here is a naive-ui NModal, which marks itself aria-modal; a dropdown menu open takes its keys too. */
function isDialogOpen(): boolean {
  return document.querySelector('[aria-modal="true"], .n-dropdown-menu') !== null;
}

/** The one key listener behind every single-key shortcut (Ctrl/Cmd+K has its own: it also works from the search box). */
export function useShortcutKeys(): void {
  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing || event.repeat) return;
    if (isTyping(event.target) || isDialogOpen()) return;
    for (const shortcut of shortcuts) {
      if (!shortcut.keys.some((key) => isKey(event, key))) continue;
      const handler = registered.get(shortcut.id)?.find((each) => each.enabled());
      if (!handler) return;
      event.preventDefault();
      handler.run();
      return;
    }
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
