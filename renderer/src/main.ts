import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { watchForPreloadErrors } from './lib/lazy-component';

watchForPreloadErrors();

createApp(App).use(createPinia()).mount('#app');
