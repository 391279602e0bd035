import { onBeforeUnmount, onMounted } from 'vue';

/** Ctrl+<key> on Linux/Windows, Cmd+<key> on macOS, from anywhere in the window. */
export function useGlobalShortcut(key: string, handler: () => void): void {
  function onKeydown(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (event.key.toLowerCase() !== key) return;
    event.preventDefault();
    handler();
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}
