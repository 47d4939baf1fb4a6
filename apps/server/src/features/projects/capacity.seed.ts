/**
 * The demo plants' throughput today and the yearly growth of the demand they serve: demo
 * assumptions, not the bureau's figures. With them the 莱山 water plant (100,000 m³/day) runs short
 * in 8 years and its later 200,000 m³/day lasts beyond the 15-year horizon.
 */
export const DEMO_ASSUMPTIONS = [
  { code: 'XM-2022-01', throughput: 86_000, growthPct: 2 },
  { code: 'XM-2022-02', throughput: 112_000, growthPct: 3 },
  { code: 'XM-2022-03', throughput: 760, growthPct: 4 },
  { code: 'XM-2022-04', throughput: 396, growthPct: 2.5 },
  { code: 'XM-2022-05', throughput: 168, growthPct: 5 },
  { code: 'XM-2022-06', throughput: 8_400_000, growthPct: 3.5 },
];
