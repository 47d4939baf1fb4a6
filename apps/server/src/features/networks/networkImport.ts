import { newWorkbook } from '../../ops/excel.js';
import {
  MATERIALS,
  NETWORKS,
  NETWORK_KINDS,
  PRESSURE_CLASSES,
  type Network,
} from '@cityloop/domain/infrastructure/networks';
import type { NetworkImportBody, NetworkImportProblem } from '@cityloop/domain/api';
import { lineLengthM } from '../../seed/demoNetworks.js';
import { MAX_SEGMENT_SPAN_DEG, type NewSegment } from './networks.repository.js';

/**
 * A pipe register from Excel or CSV (one row per segment, the survey register's columns, Chinese
 * or English headers), checked row by row. Every problem is reported with its row, field and a
 * sentence in Chinese and English; a file with any problem imports nothing.
 */

const FIELDS = [
  'id',
  'network',
  'kind',
  'material',
  'diameterMm',
  'installYear',
  'pressureClass',
  'depthM',
  'owner',
  'startLon',
  'startLat',
  'endLon',
  'endLat',
  'wkt',
] as const;
type Field = (typeof FIELDS)[number];

const HEADERS: Record<string, Field> = {
  编号: 'id',
  管段编号: 'id',
  id: 'id',
  种类: 'network',
  管网: 'network',
  network: 'network',
  类型: 'kind',
  kind: 'kind',
  管材: 'material',
  材质: 'material',
  material: 'material',
  管径: 'diameterMm',
  '管径(mm)': 'diameterMm',
  管径mm: 'diameterMm',
  diameter: 'diameterMm',
  diametermm: 'diameterMm',
  建设年代: 'installYear',
  建设年份: 'installYear',
  installyear: 'installYear',
  压力级制: 'pressureClass',
  压力: 'pressureClass',
  pressureclass: 'pressureClass',
  埋深: 'depthM',
  '埋深(m)': 'depthM',
  depth: 'depthM',
  depthm: 'depthM',
  权属单位: 'owner',
  owner: 'owner',
  起点经度: 'startLon',
  startlon: 'startLon',
  起点纬度: 'startLat',
  startlat: 'startLat',
  止点经度: 'endLon',
  endlon: 'endLon',
  止点纬度: 'endLat',
  endlat: 'endLat',
  wkt: 'wkt',
  几何: 'wkt',
  geometry: 'wkt',
};

const NETWORK_NAMES: Record<string, Network> = {
  给水: 'water',
  供水: 'water',
  排水: 'drainage',
  热力: 'heating',
  供热: 'heating',
  燃气: 'gas',
};
const KIND_NAMES: Record<string, string> = { 供水: 'supply', 雨水: 'storm', 污水: 'sewage' };
const MATERIAL_NAMES: Record<string, string> = {
  灰口铸铁: 'grey_cast_iron',
  灰铸铁: 'grey_cast_iron',
  球墨铸铁: 'ductile_iron',
  球墨: 'ductile_iron',
  钢: 'steel',
  钢管: 'steel',
  镀锌钢管: 'galvanized_steel',
  PE: 'pe',
  PVC: 'pvc',
  HDPE: 'hdpe',
  水泥管: 'cement',
  石棉水泥管: 'asbestos_cement',
  平口混凝土管: 'plain_concrete',
  钢筋混凝土管: 'reinforced_concrete',
};

const FIELD_LABEL: Record<Field | 'file', { zh: string; en: string }> = {
  file: { zh: '文件', en: 'file' },
  id: { zh: '编号', en: 'id' },
  network: { zh: '种类', en: 'network' },
  kind: { zh: '类型', en: 'kind' },
  material: { zh: '管材', en: 'material' },
  diameterMm: { zh: '管径', en: 'diameter' },
  installYear: { zh: '建设年代', en: 'install year' },
  pressureClass: { zh: '压力级制', en: 'pressure class' },
  depthM: { zh: '埋深', en: 'depth' },
  owner: { zh: '权属单位', en: 'owner' },
  startLon: { zh: '起点经度', en: 'start longitude' },
  startLat: { zh: '起点纬度', en: 'start latitude' },
  endLon: { zh: '止点经度', en: 'end longitude' },
  endLat: { zh: '止点纬度', en: 'end latitude' },
  wkt: { zh: '几何', en: 'geometry' },
};

const PROBLEMS: Record<string, (p: Record<string, string | number>) => { zh: string; en: string }> = {
  missing: () => ({ zh: '必填，不能为空', en: 'is required' }),
  not_a_number: (p) => ({ zh: `不是数字：${p.value}`, en: `is not a number: ${p.value}` }),
  out_of_range: (p) => ({
    zh: `超出范围（${p.min}–${p.max}）：${p.value}`,
    en: `is out of range (${p.min}–${p.max}): ${p.value}`,
  }),
  unknown_network: (p) => ({
    zh: `未知管网种类：${p.value}（给水、排水、热力、燃气）`,
    en: `unknown network: ${p.value} (water, drainage, heating, gas)`,
  }),
  unknown_kind: (p) => ({
    zh: `未知类型：${p.value}（供水、雨水、污水）`,
    en: `unknown kind: ${p.value} (supply, storm, sewage)`,
  }),
  unknown_material: (p) => ({ zh: `未知管材：${p.value}`, en: `unknown material: ${p.value}` }),
  unknown_pressure_class: (p) => ({
    zh: `未知压力级制：${p.value}`,
    en: `unknown pressure class: ${p.value}`,
  }),
  bad_geometry: (p) => ({ zh: `几何无效：${p.why}`, en: `broken geometry: ${p.whyEn}` }),
  too_long: () => ({
    zh: '管段南北跨度超过约 1 公里，请按检查井或阀门拆分',
    en: 'the segment spans more than about 1 km north–south: split it at its manholes or valves',
  }),
  duplicate_id: (p) => ({ zh: `编号与第 ${p.first} 行重复`, en: `the same id as row ${p.first}` }),
  id_exists: () => ({ zh: '编号已在管网档案中', en: 'this id is already in the register' }),
  no_rows: () => ({ zh: '文件中没有数据行', en: 'the file holds no data rows' }),
  no_header: () => ({
    zh: '第一行应为表头（编号、种类、管材、管径、建设年代、起点经度……）',
    en: 'the first row must be the header (id, network, material, diameter, install year, start lon, …)',
  }),
  unreadable: (p) => ({ zh: `无法读取文件：${p.why}`, en: `the file cannot be read: ${p.why}` }),
  too_many_rows: (p) => ({ zh: `超过 ${p.max} 行`, en: `more than ${p.max} rows` }),
};

export const MAX_IMPORT_ROWS = 50_000;

function problem(
  row: number,
  field: Field | 'file',
  code: string,
  params: Record<string, string | number> = {},
): NetworkImportProblem {
  const m = PROBLEMS[code]!(params);
  const f = FIELD_LABEL[field];
  return { row, field, code, zh: `${f.zh}：${m.zh}`, en: `${f.en} ${m.en}` };
}

type Cells = Array<string | number | null>;

function cell(v: unknown): string | number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (v && typeof v === 'object' && 'result' in v) return cell((v as { result: unknown }).result);
  if (v && typeof v === 'object' && 'text' in v) return cell((v as { text: unknown }).text);
  return null;
}

/** A CSV (RFC 4180 quoting) as rows of trimmed cells. */
export function parseCsv(text: string): Cells[] {
  const rows: Cells[] = [];
  let row: Cells = [];
  let cur = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell(cur));
      cur = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell(cur));
      cur = '';
      if (row.some((x) => x !== null)) rows.push(row);
      row = [];
    } else cur += c;
  }
  row.push(cell(cur));
  if (row.some((x) => x !== null)) rows.push(row);
  return rows;
}

async function readXlsx(base64: string): Promise<Cells[]> {
  const wb = await newWorkbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const rows: Cells[] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const values = (r.values as unknown[]).slice(1).map(cell);
    rows.push(values);
  });
  return rows;
}

const headerKey = (h: string | number | null) =>
  h === null ? '' : String(h).replace(/[\s_]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

function parseWkt(s: string): Array<[number, number]> | null {
  const m = /^\s*LINESTRING\s*\(([^)]*)\)\s*$/i.exec(s);
  if (!m) return null;
  const pts = m[1]!.split(',').map((p) => p.trim().split(/\s+/).map(Number));
  if (pts.some((p) => p.length !== 2 || p.some((x) => !Number.isFinite(x)))) return null;
  return pts as Array<[number, number]>;
}

export interface CheckedRegister {
  rows: number;
  problems: NetworkImportProblem[];
  segments: Array<Omit<NewSegment, 'district_code' | 'grid_code'>>;
}

/**
 * Reads and checks a register file. `exists` answers which ids are already stored. Rows are
 * numbered as the sheet numbers them (the header is row 1).
 */
export async function checkRegister(
  body: NetworkImportBody,
  exists: (ids: string[]) => Promise<Set<string>>,
): Promise<CheckedRegister> {
  let table: Cells[];
  try {
    table = 'xlsxBase64' in body ? await readXlsx(body.xlsxBase64) : parseCsv(body.csv);
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 120) : 'unknown';
    return { rows: 0, problems: [problem(0, 'file', 'unreadable', { why })], segments: [] };
  }
  return checkTable(table, exists);
}

/**
 * A GeoJSON FeatureCollection of LineStrings as a register table: one row per feature, the
 * properties' names as the header (the same names as a sheet's) and the geometry as WKT. A
 * feature whose geometry is not a LineString of [lon, lat] positions gets an unreadable WKT, so
 * the row is reported as broken geometry.
 */
export function geojsonTable(
  features: ReadonlyArray<{ id?: unknown; properties?: unknown; geometry?: unknown }>,
): Cells[] {
  const fields = FIELDS.filter((f) => f !== 'wkt');
  const rows = features.map((f) => {
    const p =
      f.properties && typeof f.properties === 'object' ? (f.properties as Record<string, unknown>) : {};
    // Each column from the first property named for it (Chinese or English), else the feature's id.
    const byField = new Map<Field, string | number | null>();
    for (const [k, v] of Object.entries(p)) {
      const field = HEADERS[headerKey(k)];
      if (field === undefined || field === 'wkt' || byField.get(field) != null) continue;
      byField.set(field, cell(v));
    }
    if (byField.get('id') == null && (typeof f.id === 'string' || typeof f.id === 'number')) {
      byField.set('id', cell(String(f.id)));
    }
    const g = f.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    const coords = g && g.type === 'LineString' && Array.isArray(g.coordinates) ? g.coordinates : null;
    const ok =
      coords !== null &&
      coords.every(
        (c) => Array.isArray(c) && c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number',
      );
    const wkt = ok
      ? `LINESTRING(${(coords as number[][]).map((c) => `${c[0]} ${c[1]}`).join(', ')})`
      : 'broken';
    return [...fields.map((x) => byField.get(x) ?? null), wkt];
  });
  return [[...fields, 'wkt'], ...rows];
}

/** Checks a register table (header row first), row by row. */
export async function checkTable(
  table: Cells[],
  exists: (ids: string[]) => Promise<Set<string>>,
): Promise<CheckedRegister> {
  const [head, ...data] = table;
  const columns = (head ?? []).map((h) => HEADERS[headerKey(h)] ?? null);
  if (!columns.includes('id')) return { rows: 0, problems: [problem(1, 'file', 'no_header')], segments: [] };
  if (data.length === 0) return { rows: 0, problems: [problem(1, 'file', 'no_rows')], segments: [] };
  if (data.length > MAX_IMPORT_ROWS)
    return {
      rows: data.length,
      problems: [problem(0, 'file', 'too_many_rows', { max: MAX_IMPORT_ROWS })],
      segments: [],
    };

  const problems: NetworkImportProblem[] = [];
  const segments: CheckedRegister['segments'] = [];
  const firstRow = new Map<string, number>();
  const rowOf = new Map<string, number>();
  data.forEach((cells, i) => {
    const row = i + 2;
    const v = {} as Record<Field, string | number | null>;
    for (const f of FIELDS) v[f] = null;
    columns.forEach((f, c) => {
      if (f) v[f] = cells[c] ?? null;
    });
    const before = problems.length;
    const text = (f: Field) => (v[f] === null ? null : String(v[f]));
    const num = (f: Field, min: number, max: number, required: boolean): number | null => {
      const raw = v[f];
      if (raw === null) {
        if (required) problems.push(problem(row, f, 'missing'));
        return null;
      }
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (!Number.isFinite(n)) {
        problems.push(problem(row, f, 'not_a_number', { value: String(raw) }));
        return null;
      }
      if (n < min || n > max) {
        problems.push(problem(row, f, 'out_of_range', { value: n, min, max }));
        return null;
      }
      return n;
    };
    const id = text('id');
    if (!id) problems.push(problem(row, 'id', 'missing'));
    else if (firstRow.has(id))
      problems.push(problem(row, 'id', 'duplicate_id', { first: firstRow.get(id)! }));
    else {
      firstRow.set(id, row);
      rowOf.set(id, row);
    }
    const netRaw = text('network');
    const network =
      netRaw === null
        ? null
        : (NETWORK_NAMES[netRaw] ??
          (NETWORKS as readonly string[]).find((n) => n === netRaw.toLowerCase()) ??
          null);
    if (netRaw === null) problems.push(problem(row, 'network', 'missing'));
    else if (!network) problems.push(problem(row, 'network', 'unknown_network', { value: netRaw }));
    const kindRaw = text('kind');
    let kind: string | null = kindRaw === null ? null : (KIND_NAMES[kindRaw] ?? kindRaw.toLowerCase());
    if (kind !== null && !(NETWORK_KINDS as readonly string[]).includes(kind)) {
      problems.push(problem(row, 'kind', 'unknown_kind', { value: kindRaw! }));
      kind = null;
    }
    if (kindRaw === null && network === 'drainage') problems.push(problem(row, 'kind', 'missing'));
    const matRaw = text('material');
    const material =
      matRaw === null
        ? null
        : (MATERIAL_NAMES[matRaw] ??
          (MATERIALS as readonly string[]).find((m) => m === matRaw.toLowerCase()) ??
          null);
    if (matRaw === null) problems.push(problem(row, 'material', 'missing'));
    else if (!material) problems.push(problem(row, 'material', 'unknown_material', { value: matRaw }));
    const diameter = num('diameterMm', 15, 5000, true);
    const year = num('installYear', 1900, 2100, true);
    const depth = num('depthM', 0, 30, false);
    const pcRaw = text('pressureClass');
    if (pcRaw !== null && !(PRESSURE_CLASSES as readonly string[]).includes(pcRaw.toUpperCase()))
      problems.push(problem(row, 'pressureClass', 'unknown_pressure_class', { value: pcRaw }));
    // Geometry: a WKT LineString, or the start and end points.
    let line: Array<[number, number]> | null = null;
    const wkt = text('wkt');
    if (wkt !== null) {
      line = parseWkt(wkt);
      if (!line)
        problems.push(
          problem(row, 'wkt', 'bad_geometry', {
            why: '应为 LINESTRING(经度 纬度, …)',
            whyEn: 'expected LINESTRING(lon lat, …)',
          }),
        );
    } else {
      const a = num('startLon', -180, 180, true);
      const b = num('startLat', -90, 90, true);
      const c = num('endLon', -180, 180, true);
      const d = num('endLat', -90, 90, true);
      if (a !== null && b !== null && c !== null && d !== null)
        line = [
          [a, b],
          [c, d],
        ];
    }
    if (line) {
      const field: Field = wkt !== null ? 'wkt' : 'endLon';
      const outside = line.some(([x, y]) => x < 73 || x > 136 || y < 3 || y > 54);
      const lats = line.map((p) => p[1]);
      if (line.length < 2)
        problems.push(
          problem(row, field, 'bad_geometry', { why: '少于两个点', whyEn: 'fewer than two points' }),
        );
      else if (outside)
        problems.push(
          problem(row, field, 'bad_geometry', {
            why: '坐标不在中国境内（应为 WGS-84 经纬度）',
            whyEn: 'coordinates outside China (WGS-84 lon/lat expected)',
          }),
        );
      else if (lineLengthM(line) < 0.5)
        problems.push(
          problem(row, field, 'bad_geometry', {
            why: '起止点重合',
            whyEn: 'start and end are the same point',
          }),
        );
      else if (Math.max(...lats) - Math.min(...lats) > MAX_SEGMENT_SPAN_DEG)
        problems.push(problem(row, field, 'too_long'));
    }
    if (
      problems.length === before &&
      id &&
      network &&
      material &&
      diameter !== null &&
      year !== null &&
      line
    ) {
      segments.push({
        id,
        network,
        kind: kind ?? 'supply',
        material,
        diameter_mm: Math.round(diameter),
        install_year: Math.round(year),
        pressure_class: pcRaw?.toUpperCase() ?? null,
        depth_m: depth,
        owner: text('owner') ?? '',
        failures: 0,
        length_m: Math.round(lineLengthM(line) * 10) / 10,
        geometry: { type: 'LineString', coordinates: line },
      });
    }
  });
  const stored = await exists([...rowOf.keys()]);
  for (const id of stored) problems.push(problem(rowOf.get(id)!, 'id', 'id_exists'));
  problems.sort((a, b) => a.row - b.row);
  return { rows: data.length, problems, segments };
}
