import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { watchForPreloadErrors } from './lib/lazy-component';

watchForPreloadErrors();

// The desktop app's phone window (`?phone=<userId>`) shows only the caller's phone, loaded on its own.
const phoneUserId = new URLSearchParams(window.location.search).get('phone');
if (phoneUserId !== null) {
  void import('./phone/phone-window').then(({ mountPhoneWindow, phoneWindowUserId }) => {
    const userId = phoneWindowUserId(window.location.search);
    if (userId) mountPhoneWindow(userId, '#app');
  });
} else {
  createApp(App).use(createPinia()).mount('#app');
}
