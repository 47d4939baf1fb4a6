import type { Row } from './types.js';

/** Fills in ratio (value / baseline) and met (from a target such as "≥ 100×") where not given. */
export function finishRow(row: Row): Row {
  const out: Row = { ...row };
  if (out.ratio === undefined && out.baseline && out.baseline.value !== 0)
    out.ratio = out.value / out.baseline.value;
  if (out.met === undefined && out.target !== undefined && out.ratio !== undefined) {
    const met = meetsTarget(out.ratio, out.target);
    if (met !== null) out.met = met;
  }
  return out;
}

/** "≥ 100×", ">= 0.7", "≤ 2×", "< 1.5x" → whether `ratio` meets it; null when unparseable. */
export function meetsTarget(ratio: number, target: string): boolean | null {
  const m = /^\s*(≥|>=|>|≤|<=|<)\s*([0-9]*\.?[0-9]+)\s*[×x]?\s*$/.exec(target);
  if (!m) return null;
  const bound = Number(m[2]);
  switch (m[1]) {
    case '≥':
    case '>=':
      return ratio >= bound;
    case '>':
      return ratio > bound;
    case '≤':
    case '<=':
      return ratio <= bound;
    default:
      return ratio < bound;
  }
}

/** Three significant figures for small numbers, thousands separators for large ones. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1000) return Math.round(n).toLocaleString('en-US');
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

export function formatRatio(r: number): string {
  return `${r >= 100 ? Math.round(r).toLocaleString('en-US') : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

export interface TableSection {
  title: string;
  rows: Row[];
  error?: string;
}

/** A plain-text table, one section per benchmark, each figure's note on the line under it. */
export function renderTable(sections: readonly TableSection[]): string {
  const header = ['figure', 'value', 'unit', 'baseline', 'ratio', 'target', 'met'];
  const cells = (r: Row) => [
    r.name,
    formatNumber(r.value),
    r.unit,
    r.baseline ? `${r.baseline.name} ${formatNumber(r.baseline.value)}` : '',
    r.ratio !== undefined ? formatRatio(r.ratio) : '',
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ];
  const all = sections.flatMap((s) => s.rows.map(cells));
  const widths = header.map((h, i) => Math.max(h.length, ...all.map((l) => l[i]!.length)));
  const right = new Set([1, 4]);
  const line = (c: string[]) =>
    c
      .map((x, i) => (right.has(i) ? x.padStart(widths[i]!) : x.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('──')];
  for (const s of sections) {
    out.push(`▸ ${s.title}`);
    for (const r of s.rows) {
      out.push(line(cells(r)));
      if (r.note) out.push(`    ${r.note}`);
    }
    if (s.error) out.push(`    FAILED: ${s.error}`);
  }
  return out.join('\n');
}
