import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded on first use: the library takes over a second of CPU to load, and a node (or a
 * test's app) that never reads or writes a workbook should not pay for it at every start.
 */
export type Excel = typeof ExcelJS;
let excel: Promise<Excel> | null = null;

export function loadExcel(): Promise<Excel> {
  return (excel ??= import('exceljs').then((m) => (m as unknown as { default: Excel }).default ?? m));
}

/** A new workbook made by CityLoop. */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'CityLoop';
  return wb;
}
