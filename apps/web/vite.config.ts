import { fileURLToPath, URL } from 'node:url';
import { defineConfig, type PluginOption } from 'vite';
import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';

const api = process.env.CITYLOOP_API ?? 'http://localhost:8080';

// Two entries: the desk app (index.html) and the inspectors' phone app (m/index.html), which the
// server falls back to for /m/* paths. Everything is bundled: no CDN, no web fonts.
export default defineConfig({
  plugins: [vue(), ...inspectorPwa()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/ws': { target: api.replace(/^http/, 'ws'), ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        desk: fileURLToPath(new URL('./index.html', import.meta.url)),
        mobile: fileURLToPath(new URL('./m/index.html', import.meta.url)),
      },
      output: {
        manualChunks: {
          vue: ['vue', 'vue-router', 'vue-i18n'],
          'element-plus': ['element-plus'],
          leaflet: ['leaflet'],
        },
      },
    },
  },
});

/**
 * The phone app (/m/) is an installable PWA: a manifest and a service worker scoped to /m/ that
 * precaches the phone's shell (not the desk's Element Plus or ECharts) so it opens offline. The
 * desk page gets no manifest link; the phone registers the worker itself (src/mobile/main.ts).
 */
function inspectorPwa(): PluginOption[] {
  return [
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      scope: '/m/',
      manifestFilename: 'm/manifest.webmanifest',
      manifest: {
        name: 'CityLoop 监督员',
        short_name: '监督员',
        description: '城市管理监督员移动端：巡查上报、核实、核查',
        lang: 'zh-CN',
        start_url: '/m/',
        scope: '/m/',
        display: 'standalone',
        theme_color: '#1d5fa8',
        background_color: '#f2f5f9',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['m/index.html', 'assets/*.{js,css,png,svg}', 'favicon.svg'],
        // The desk's charts and styles stay out; Element Plus stays in (the shared i18n pulls its locales).
        globIgnores: ['**/echarts-*', '**/index-*.css'],
        navigateFallback: '/m/index.html',
        navigateFallbackAllowlist: [/^\/m\//],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname === '/api/map/layers',
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'cityloop-map' },
          },
          {
            // The base map's vector tiles: the streets an inspector has seen open again offline.
            // Their URL names the base map's version, so a cached tile is never stale.
            urlPattern: ({ url }) => url.pathname.startsWith('/api/map/tiles/'),
            handler: 'CacheFirst',
            options: {
              cacheName: 'cityloop-map-tiles',
              expiration: { maxEntries: 3000, maxAgeSeconds: 30 * 24 * 3600 },
            },
          },
        ],
      },
    }),
    {
      name: 'cityloop-desk-without-manifest',
      enforce: 'post',
      generateBundle(_options, bundle) {
        const desk = bundle['index.html'];
        if (desk?.type === 'asset' && typeof desk.source === 'string')
          desk.source = desk.source.replace(/<link rel="manifest"[^>]*>/, '');
      },
    },
  ];
}
