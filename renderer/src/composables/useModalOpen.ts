import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/**
 * Whether a modal dialog is open anywhere in the window (a workflow, the connection dialog, the
 * sign-in): every dialog here is a naive-ui NModal, which marks itself aria-modal as the ARIA
 * pattern asks (the same test useGlobalShortcut makes). Followed live as dialogs come and go.
 */
export function useModalOpen(): Ref<boolean> {
  const open = ref(false);
  const check = (): void => {
    open.value = document.querySelector('[aria-modal="true"]') !== null;
  };
  let observer: MutationObserver | null = null;
  onMounted(() => {
    check();
    observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-modal'] });
  });
  onBeforeUnmount(() => observer?.disconnect());
  return open;
}
