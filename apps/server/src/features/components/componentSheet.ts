import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../ops/excel.js';
import type { ComponentImportBody } from '@cityloop/domain/api';

/** The fields an import row may carry, named as in the GeoJSON properties. */
export const IMPORT_FIELDS = [
  'code',
  'name',
  'category',
  'state',
  'lon',
  'lat',
  'owner',
  'competentDept',
  'maintainerDeptCode',
  'censusDate',
  'accuracyClass',
  'note',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** One row of an import file before validation; values are trimmed strings, numbers or null. */
export interface RawComponentRow {
  /** Feature index (GeoJSON) or data row index from 0 (Excel). */
  index: number;
  /** How to point a person at the row: "feature 3" or "row 5" (the sheet's own row number). */
  where: string;
  /** The same for the page: the sheet's row number, or the feature's index. */
  at: { row: number } | { feature: number };
  values: Record<ImportField, string | number | null>;
}

/** Why a file yields no rows to check, with what the page needs to say it (and what was found). */
export interface FileProblem {
  kind: string;
  message: string;
  params?: Record<string, string | number>;
}

export type SheetResult =
  { rows: RawComponentRow[]; source: 'xlsx' | 'geojson' } | { fileProblem: FileProblem };

export const MAX_IMPORT_ROWS = 200_000;

/** Header cells (lower-cased, without spaces or underscores) → field. Chinese census headers first. */
const HEADERS: Record<string, ImportField> = {
  编码: 'code',
  部件编码: 'code',
  标识码: 'code',
  code: 'code',
  名称: 'name',
  部件名称: 'name',
  name: 'name',
  类别: 'category',
  类别编码: 'category',
  小类: 'category',
  category: 'category',
  状态: 'state',
  部件状态: 'state',
  state: 'state',
  经度: 'lon',
  lon: 'lon',
  lng: 'lon',
  longitude: 'lon',
  纬度: 'lat',
  lat: 'lat',
  latitude: 'lat',
  权属单位: 'owner',
  owner: 'owner',
  主管部门: 'competentDept',
  competentdept: 'competentDept',
  养护单位编码: 'maintainerDeptCode',
  养护单位代码: 'maintainerDeptCode',
  maintainerdeptcode: 'maintainerDeptCode',
  普查日期: 'censusDate',
  censusdate: 'censusDate',
  精度: 'accuracyClass',
  精度等级: 'accuracyClass',
  accuracyclass: 'accuracyClass',
  accuracy: 'accuracyClass',
  备注: 'note',
  note: 'note',
};
const REQUIRED: readonly ImportField[] = ['code', 'name', 'lon', 'lat'];
const LABEL: Record<ImportField, string> = {
  code: '编码/code',
  name: '名称/name',
  category: '类别/category',
  state: '状态/state',
  lon: '经度/lon',
  lat: '纬度/lat',
  owner: '权属单位/owner',
  competentDept: '主管部门/competentDept',
  maintainerDeptCode: '养护单位编码/maintainerDeptCode',
  censusDate: '普查日期/censusDate',
  accuracyClass: '精度/accuracyClass',
  note: '备注/note',
};

const emptyValues = (): RawComponentRow['values'] => ({
  code: null,
  name: null,
  category: null,
  state: null,
  lon: null,
  lat: null,
  owner: null,
  competentDept: null,
  maintainerDeptCode: null,
  censusDate: null,
  accuracyClass: null,
  note: null,
});

/** A property or cell as a trimmed string or a number; empty strings and other types are null. */
function scalar(v: unknown): string | number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  // Excel dates are serials interpreted as UTC midnight: the calendar date is the UTC date.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  return null;
}

/** The plain value of an exceljs cell: rich text, hyperlinks and formula results unwrapped. */
function cellValue(v: ExcelJS.CellValue): string | number | null {
  if (v === null || v === undefined || typeof v === 'boolean') return null;
  if (typeof v !== 'object' || v instanceof Date) return scalar(v);
  if ('richText' in v) return scalar(v.richText.map((t) => t.text).join(''));
  if ('hyperlink' in v) return scalar(v.text);
  if ('formula' in v || 'sharedFormula' in v) {
    const result = 'result' in v ? v.result : undefined;
    return result !== undefined && typeof result === 'object' && !(result instanceof Date)
      ? null
      : scalar(result);
  }
  return null;
}

function fromGeoJson(features: unknown[]): SheetResult {
  const rows = features.map((f, index): RawComponentRow => {
    const feature = (f ?? {}) as { properties?: unknown; geometry?: unknown };
    const props = (
      feature.properties && typeof feature.properties === 'object' ? feature.properties : {}
    ) as Record<string, unknown>;
    const values = emptyValues();
    for (const field of IMPORT_FIELDS) values[field] = scalar(props[field]);
    const geometry = feature.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    const coords =
      geometry?.type === 'Point' && Array.isArray(geometry.coordinates) ? geometry.coordinates : [];
    values.lon = scalar(coords[0]);
    values.lat = scalar(coords[1]);
    return { index, where: `feature ${index}`, at: { feature: index }, values };
  });
  return { rows, source: 'geojson' };
}

async function fromXlsx(base64: string): Promise<SheetResult> {
  const workbook = await newWorkbook();
  try {
    const bytes = Buffer.from(base64, 'base64');
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    return { fileProblem: { kind: 'not_xlsx', message: 'The file is not an Excel workbook (.xlsx)' } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { fileProblem: { kind: 'no_sheet', message: 'The workbook has no sheet' } };
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) {
    return {
      fileProblem: {
        kind: 'too_many_rows',
        message: `The sheet has ${sheet.rowCount - 1} rows; at most ${MAX_IMPORT_ROWS} per import`,
        params: { rows: sheet.rowCount - 1, max: MAX_IMPORT_ROWS },
      },
    };
  }
  const headers: string[] = [];
  const columns = new Map<number, ImportField>();
  sheet.getRow(1).eachCell((cell, col) => {
    const text = String(cellValue(cell.value) ?? '');
    if (text.trim()) headers.push(text.trim());
    const header = text.toLowerCase().replace(/[\s_]/g, '');
    const field = HEADERS[header];
    if (field) columns.set(col, field);
  });
  const present = new Set(columns.values());
  const missing = REQUIRED.filter((f) => !present.has(f));
  if (missing.length > 0) {
    return {
      fileProblem: {
        kind: 'missing_columns',
        message: `The first row of the first sheet must name the columns; missing: ${missing.map((f) => LABEL[f]).join(', ')}`,
        // What the first row held, so the person sees why their headers were not recognised.
        params: {
          sheet: sheet.name,
          missing: missing.map((f) => LABEL[f]).join('、'),
          found: headers.slice(0, 20).join('、'),
        },
      },
    };
  }
  const rows: RawComponentRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values = emptyValues();
    let any = false;
    for (const [col, field] of columns) {
      const v = cellValue(row.getCell(col).value);
      values[field] = v;
      any ||= v !== null;
    }
    // Blank rows (formatting left behind) are not components.
    if (any) rows.push({ index: rows.length, where: `row ${rowNumber}`, at: { row: rowNumber }, values });
  });
  if (rows.length === 0) {
    return {
      fileProblem: {
        kind: 'no_rows',
        message: `Sheet "${sheet.name}" has its header row but no components below it`,
        params: { sheet: sheet.name, columns: headers.length },
      },
    };
  }
  return { rows, source: 'xlsx' };
}

/** The rows of an import body: GeoJSON features or the first sheet of an Excel workbook. */
export async function readImportRows(body: ComponentImportBody): Promise<SheetResult> {
  if ('xlsxBase64' in body) return fromXlsx(body.xlsxBase64);
  if (body.features.length > MAX_IMPORT_ROWS) {
    return {
      fileProblem: {
        kind: 'too_many_features',
        message: `${body.features.length} features; at most ${MAX_IMPORT_ROWS} per import`,
        params: { rows: body.features.length, max: MAX_IMPORT_ROWS },
      },
    };
  }
  if (body.features.length === 0) {
    return { fileProblem: { kind: 'no_features', message: 'The FeatureCollection holds no features' } };
  }
  return fromGeoJson(body.features);
}

/** The columns of the import template, with the census's Chinese names (the reader accepts them). */
const TEMPLATE_COLUMNS: ReadonlyArray<{ field: ImportField; header: string; note: string; width: number }> = [
  {
    field: 'code',
    header: '编码',
    note: '16 位部件标识码（区县 6 位 + 小类 4 位 + 流水号 6 位），设为文本格式',
    width: 20,
  },
  { field: 'name', header: '名称', note: '部件名称', width: 22 },
  { field: 'category', header: '类别', note: '小类编码 4 位，须与编码第 7–10 位一致（可留空）', width: 8 },
  { field: 'state', header: '状态', note: `完好、破损、丢失、占用或废弃（可留空：新部件为完好）`, width: 8 },
  { field: 'lon', header: '经度', note: 'WGS-84 经度（度），须落在编码所属区的单元网格内', width: 13 },
  { field: 'lat', header: '纬度', note: 'WGS-84 纬度（度）', width: 13 },
  { field: 'owner', header: '权属单位', note: '可留空', width: 16 },
  { field: 'competentDept', header: '主管部门', note: '可留空', width: 16 },
  {
    field: 'maintainerDeptCode',
    header: '养护单位编码',
    note: '专业部门的编码（见“专业部门”页），可留空',
    width: 14,
  },
  { field: 'censusDate', header: '普查日期', note: 'YYYY-MM-DD，可留空', width: 12 },
  { field: 'accuracyClass', header: '精度', note: 'A、B 或 C（可留空：新部件为 C）', width: 6 },
  { field: 'note', header: '备注', note: '可留空', width: 20 },
];

/**
 * The component import's template: the first sheet has the columns and, as an example, a row of
 * a component the city has (imported unchanged it validates and changes nothing); a second sheet
 * says what each column takes. The reader only reads the first sheet.
 */
export async function componentTemplate(
  example: Record<ImportField, string | number | null>,
): Promise<Buffer> {
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet('部件');
  sheet.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
  // Codes are text: as numbers Excel would round a 16-digit code.
  sheet.getColumn('code').numFmt = '@';
  sheet.addRow(Object.fromEntries(TEMPLATE_COLUMNS.map((c) => [c.field, example[c.field]])));
  sheet.getRow(1).font = { bold: true };
  const help = workbook.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'header', width: 14 },
    { header: '英文列名（也可用）', key: 'field', width: 22 },
    { header: '说明', key: 'note', width: 70 },
  ];
  for (const c of TEMPLATE_COLUMNS) help.addRow({ header: c.header, field: c.field, note: c.note });
  help.addRow({});
  help.addRow({
    header: '',
    field: '',
    note: '只读取第一张工作表；第一行是列名，必填列：编码、名称、经度、纬度。',
  });
  help.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
