import ExcelJS from 'exceljs';
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
  values: Record<ImportField, string | number | null>;
}

export type SheetResult = { rows: RawComponentRow[] } | { fileProblem: string };

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
    return { index, where: `feature ${index}`, values };
  });
  return { rows };
}

async function fromXlsx(base64: string): Promise<SheetResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    const bytes = Buffer.from(base64, 'base64');
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    return { fileProblem: 'The file is not an Excel workbook (.xlsx)' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { fileProblem: 'The workbook has no sheet' };
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) {
    return { fileProblem: `The sheet has ${sheet.rowCount - 1} rows; at most ${MAX_IMPORT_ROWS} per import` };
  }
  const columns = new Map<number, ImportField>();
  sheet.getRow(1).eachCell((cell, col) => {
    const header = String(cellValue(cell.value) ?? '')
      .toLowerCase()
      .replace(/[\s_]/g, '');
    const field = HEADERS[header];
    if (field) columns.set(col, field);
  });
  const present = new Set(columns.values());
  const missing = REQUIRED.filter((f) => !present.has(f));
  if (missing.length > 0) {
    return {
      fileProblem: `The first row of the first sheet must name the columns; missing: ${missing.map((f) => LABEL[f]).join(', ')}`,
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
    if (any) rows.push({ index: rows.length, where: `row ${rowNumber}`, values });
  });
  return { rows };
}

/** The rows of an import body: GeoJSON features or the first sheet of an Excel workbook. */
export async function readImportRows(body: ComponentImportBody): Promise<SheetResult> {
  if ('xlsxBase64' in body) return fromXlsx(body.xlsxBase64);
  if (body.features.length > MAX_IMPORT_ROWS) {
    return { fileProblem: `${body.features.length} features; at most ${MAX_IMPORT_ROWS} per import` };
  }
  return fromGeoJson(body.features);
}
