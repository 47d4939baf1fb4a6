import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Three tiers with plain names (see docs/STYLE.md): unit beside the code, int against a real database
// and broker, e2e in a real browser. scripts/test.mjs runs them in order.
export default defineConfig({
  test: {
    projects: [
      {
        // The web app's pure parts (no DOM): its `@/` imports resolve as in Vite.
        resolve: { alias: { '@': fileURLToPath(new URL('./apps/web/src', import.meta.url)) } },
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/server/src/**/*.test.ts',
            'apps/web/src/**/*.test.ts',
            'tools/*/src/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          // Unit tests take milliseconds; the margin is for a machine busy with other work.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['apps/server/src/**/*.int.test.ts', 'tools/*/src/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
          // A worker keeps the server's modules loaded from one test file to the next: importing the
          // whole server for each of 60-odd files cost a third of the tier. Every test builds its own
          // app (its own database, broker, registry), so nothing of one file's state reaches another.
          isolate: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Two specs at a time, each with its own server and browser: one spec leaves most of the
          // second core idle while its page renders or its server answers.
          fileParallelism: true,
          maxWorkers: 2,
          isolate: false,
          // What a page shows after a step (a map's zoom, a row over the WebSocket) may take more than
          // expect.poll's default second when the other spec's browser is busy too.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
