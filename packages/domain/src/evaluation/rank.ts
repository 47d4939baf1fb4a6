/** Keys of T whose values are numbers (possibly null or missing). */
export type NumericKey<T> = { [K in keyof T]: T[K] extends number | null | undefined ? K : never }[keyof T];

/**
 * Rows sorted by `key` (highest first unless order is 'asc') with a competition rank: ties share
 * a rank and the next rank skips (90, 90, 85 → 1, 1, 3). Rows without a value come last with
 * rank null. Equal rows keep their input order.
 */
export function rank<T extends object>(
  rows: readonly T[],
  key: NumericKey<T> | ((row: T) => number | null),
  order: 'desc' | 'asc' = 'desc',
): (T & { rank: number | null })[] {
  const valueOf = (row: T): number | null => {
    const v = typeof key === 'function' ? key(row) : row[key];
    return typeof v === 'number' && !Number.isNaN(v) ? v : null;
  };
  const sign = order === 'desc' ? -1 : 1;
  const sorted = rows
    .map((row, index) => ({ row, index, value: valueOf(row) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      }
      return a.value === b.value ? a.index - b.index : sign * (a.value - b.value);
    });
  let previous: number | null = null;
  let previousRank = 0;
  return sorted.map(({ row, value }, position) => {
    if (value === null) return { ...row, rank: null };
    const r = value === previous ? previousRank : position + 1;
    previous = value;
    previousRank = r;
    return { ...row, rank: r };
  });
}
