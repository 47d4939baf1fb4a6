import { createApp } from 'vue';
import 'leaflet/dist/leaflet.css';
import { i18n, installMessages, syncLocale } from '@/i18n';
import mapEn from '@/features/map/i18n.en';
import mapZh from '@/features/map/i18n.zh-CN';
import en from './i18n.en';
import zh from './i18n.zh-CN';
import MobileApp from './MobileApp.vue';
import { PHONE_SECTIONS } from './sections';
import './mobile.css';

// The inspectors' phone app: a separate entry so it stays small (no Element Plus). The service
// worker (vite-plugin-pwa, see vite.config.ts) caches the shell for offline use, scoped to /m/.
// The map's messages too: the report's address search names its kinds of place the same way.
installMessages([
  { 'zh-CN': zh, en },
  { 'zh-CN': mapZh, en: mapEn },
  ...PHONE_SECTIONS.flatMap((s) => s.messages),
]);
syncLocale();
createApp(MobileApp).use(i18n).mount('#app');

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    // The first visit is not yet served by the worker: once it takes over, fetch the base map
    // through it so the map opens offline too.
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      void fetch('/api/map/layers', { credentials: 'same-origin' }).catch(() => undefined);
    });
    navigator.serviceWorker.register('/sw.js', { scope: '/m/' }).catch(() => {
      // Without a service worker the app still works online.
    });
  });
}
