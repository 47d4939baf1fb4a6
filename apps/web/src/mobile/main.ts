import { createApp } from 'vue';
import { i18n, syncLocale } from '@/i18n';
import MobileApp from './MobileApp.vue';
import './mobile.css';

// The inspectors' phone app: a separate entry so it stays small (no Element Plus, no Leaflet yet).
syncLocale();
createApp(MobileApp).use(i18n).mount('#app');
