import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Ctrl+<key> on Linux/Windows, Cmd+<key> on macOS, from anywhere in the window — except while a
 * modal dialog is open (connection, enroll, verify, reset…): focus belongs to the dialog until it
 * closes, so the shortcut must not pull it to the page behind.
 */
export function useGlobalShortcut(key: string, handler: () => void): void {
  function onKeydown(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (event.key.toLowerCase() !== key) return;
    event.preventDefault();
    if (isModalOpen()) return;
    handler();
  }
  onMounted(() => window.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown));
}

/** Every dialog here is a naive-ui NModal, which marks itself aria-modal as the ARIA pattern asks. */
function isModalOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}
