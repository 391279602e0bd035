import type { Directive } from 'vue';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]):not([type="hidden"]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The element itself when it takes focus, else the first thing inside it that does. */
export function focusableIn(element: Element): HTMLElement | null {
  if (element instanceof HTMLElement && element.matches(FOCUSABLE)) return element;
  return element.querySelector<HTMLElement>(FOCUSABLE);
}

/**
 * Where a dialog starts when nothing in it claimed the focus: the first thing that takes focus,
 * passing over settings marked `data-focus-later` (a choice above the content, such as where the
 * caller is, that the agent changes now and then: the content's own first field comes first).
 */
export function startingFocusIn(element: Element): HTMLElement | null {
  return [...element.querySelectorAll<HTMLElement>(FOCUSABLE)].find((candidate) => !candidate.closest('[data-focus-later]')) ?? null;
}

/** Whether the keyboard focus is somewhere in the same dialog as `element` already. */
function focusAlreadyIn(element: Element): boolean {
  // A dialog's content holds the focus while nothing in it can (data-focus-holder): that is not a choice to keep.
  const active = document.activeElement;
  if (!active || active === document.body || active.hasAttribute('data-focus-holder')) return false;
  const dialog = element.closest('[aria-modal="true"]');
  return dialog !== null && dialog.contains(active);
}

/**
 * `v-autofocus`: focus this element (or the first focusable thing inside it) when it appears, so
 * every dialog starts where the agent types or presses Enter next. It leaves the focus alone when
 * something in the same dialog has it already (a field focused itself, the agent moved on);
 * `v-autofocus.force` takes it anyway (the next steps after a success); `v-autofocus.fallback` waits
 * a frame longer, for the things every screen of a dialog has (a Back button): a field of the
 * screen that has just appeared goes first. `v-autofocus="false"` does nothing.
 */
export const vAutofocus: Directive<HTMLElement, boolean | undefined> = {
  mounted(element, binding) {
    if (binding.value === false) return;
    const focus = (): void => {
      if (!element.isConnected || (!binding.modifiers.force && focusAlreadyIn(element))) return;
      focusableIn(element)?.focus();
    };
    // After the frame: the dialog's content is in place by then.
    requestAnimationFrame(binding.modifiers.fallback ? () => requestAnimationFrame(focus) : focus);
  },
};
