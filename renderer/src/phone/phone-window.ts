import { createPinia } from 'pinia';
import { createApp } from 'vue';
import PhoneWindow from './PhoneWindow.vue';

/** The page of the phone's own window: `?phone=<an Okta user id>` (the desktop app opens it so). */
export function phoneWindowUserId(search: string): string | null {
  const userId = new URLSearchParams(search).get('phone');
  return userId !== null && /^[A-Za-z0-9]{20}$/.test(userId) ? userId : null;
}

export function mountPhoneWindow(userId: string, selector: string): void {
  createApp(PhoneWindow, { userId }).use(createPinia()).mount(selector);
}
