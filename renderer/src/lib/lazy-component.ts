import { defineAsyncComponent, readonly, ref, type Component } from 'vue';

/**
 * Lazily loaded parts of the app (dialogs, the History panel) that could not be loaded.
 *
 * In the browser shell a page opened before a rebuild still asks for the old build's chunk names,
 * which no longer exist: without this, clicking "Verify caller" would silently do nothing. Every
 * lazy component goes through `lazyComponent`, and Vite's `vite:preloadError` (a chunk's CSS or
 * dependency failed to preload) is watched too; either marks the page as needing a reload, which
 * LazyLoadFailureNotice shows with a Reload button.
 */
export type LazyLoadFailure =
  /** The chunk is gone or could not be fetched: almost always a newer build replaced this page's. */
  | 'outdated'
  /** The chunk arrived but failed to start (a bug); a reload is still the way out. */
  | 'failed';

const failure = ref<LazyLoadFailure | null>(null);

/** Null until a lazy part of the app failed to load. */
export const lazyLoadFailure = readonly(failure);

/** Chromium, Firefox and Safari's words for a module that could not be fetched, and Vite's for a CSS preload. */
const CHUNK_FETCH_FAILURE = /dynamically imported module|Importing a module script failed|Unable to preload CSS/i;

function reportLazyLoadFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const kind: LazyLoadFailure = CHUNK_FETCH_FAILURE.test(message) ? 'outdated' : 'failed';
  // 'outdated' is the more useful explanation; keep it once known.
  if (failure.value !== 'outdated') failure.value = kind;
}

/** `defineAsyncComponent` that reports a failed load instead of rendering nothing without a word. */
export function lazyComponent<T extends Component>(loader: () => Promise<T | { default: T }>): T {
  return defineAsyncComponent<T>({
    loader,
    onError(error, _retry, fail) {
      reportLazyLoadFailure(error);
      // Render nothing for this mount; the next attempt (the agent clicks again) loads afresh.
      fail();
    },
  });
}

/** Start loading a lazy part now, because it is needed soon; a failure is reported when it is shown, not here. */
export function prefetch(loader: () => Promise<unknown>): void {
  loader().catch(() => {});
}

/** Vite dispatches this on window when preloading a lazy chunk's CSS or dependencies fails. */
export function watchForPreloadErrors(target: Window = window): void {
  target.addEventListener('vite:preloadError', (event: Event) => {
    const payload = (event as Event & { payload?: unknown }).payload;
    reportLazyLoadFailure(payload ?? new Error('Unable to preload CSS or a module'));
    // Not prevented: the import still rejects, so its caller also knows it failed.
  });
}
