/**
 * CSV as spreadsheets read it (RFC 4180): comma-separated, CRLF line ends, a cell quoted when it holds
 * a comma, a quote or a line break (its quotes doubled). UTF-8 with a byte-order mark, so Excel set to
 * Turkish opens ç ğ ı ö ş ü right instead of guessing Windows-1254.
 */
export const CSV_BOM = '\uFEFF';

/** Cells a spreadsheet would run as a formula (=, +, -, @, and tab or CR that some read the same way). */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell. Text starting like a formula gets a leading apostrophe (OWASP's CSV-injection advice): a
 * customer's subject "=HYPERLINK(...)" stays text. Numbers are written as numbers (negative ones too).
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its line end. */
export const csvLine = (values: readonly CsvValue[]): string => `${values.map(csvCell).join(',')}\r\n`;
