import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import 'leaflet/dist/leaflet.css';
import './styles.css';
import App from './App.vue';
import { i18n, installMessages, syncLocale } from './i18n';
import { router } from './router';
import { WEB_MODULES } from './modules';
import { setUnauthorizedHandler } from './api/http';
import { forgetUser } from './features/auth/session';
import { vTestid } from './components/testid';

installMessages(WEB_MODULES.flatMap((m) => (m.messages ? [m.messages] : [])));
syncLocale();
setUnauthorizedHandler(() => {
  forgetUser();
  if (router.currentRoute.value.path !== '/login') {
    void router.push({ path: '/login', query: { redirect: router.currentRoute.value.fullPath } });
  }
});

createApp(App).use(i18n).use(router).use(ElementPlus).directive('testid', vTestid).mount('#app');
