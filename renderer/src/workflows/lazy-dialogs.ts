import { lazyComponent } from '../lib/lazy-component';

// The workflow dialogs (with their forms, QR drawing and validation) load on first use, not with the
// user page; a load that fails (a page older than the build) is reported with a Reload button.
export const EnrollDialog = lazyComponent(() => import('./EnrollDialog.vue'));
export const VerifyDialog = lazyComponent(() => import('./VerifyDialog.vue'));
export const ResetDialog = lazyComponent(() => import('./ResetDialog.vue'));
export const UnlockDialog = lazyComponent(() => import('./UnlockDialog.vue'));
export const TacDialog = lazyComponent(() => import('../recovery/TacDialog.vue'));
export const SignOutDialog = lazyComponent(() => import('../recovery/SignOutDialog.vue'));
