/**
 * Prints the statistics of a generated demo city.
 * Usage: npx tsx tools/citygen/src/cli.ts [--seed N] [--scale demo|small] [--per-grid N] [--out city.json]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cityStats, generateCity, generateComponents, DEFAULT_SEED } from './index.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    scale: { type: 'string', default: 'demo' },
    'per-grid': { type: 'string', default: '4' },
    out: { type: 'string' },
  },
});

const seed = Number(values.seed);
const perGrid = Number(values['per-grid']);
const scale = values.scale;
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
if (!(perGrid >= 0)) throw new Error(`--per-grid must be a number >= 0, got "${values['per-grid']}"`);
if (scale !== 'demo' && scale !== 'small') throw new Error(`--scale must be demo or small, got "${scale}"`);

const started = performance.now();
const city = generateCity({ seed, scale });
const cityMs = performance.now() - started;
const components = generateComponents(city, { perGrid });
const totalMs = performance.now() - started;

const stats = cityStats(city, components);
const { perDistrict, componentsByState, ...totals } = stats;
console.log(`CityLoop demo city (seed ${seed}, scale ${scale})`);
console.table(totals);
console.table(perDistrict);
console.log('components by state:', componentsByState);
console.log(`generated the city in ${cityMs.toFixed(0)} ms, with components in ${totalMs.toFixed(0)} ms`);

if (values.out !== undefined) {
  writeFileSync(values.out, JSON.stringify({ city, components }));
  console.log(`wrote ${values.out}`);
}
