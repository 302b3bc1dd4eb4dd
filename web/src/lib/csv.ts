import Papa from 'papaparse';

/**
 * Cells that a spreadsheet would read as a formula (=, +, -, @) or that start with a tab or carriage
 * return get a leading apostrophe, so an exported note such as `=HYPERLINK(...)` stays text when the
 * file is opened in Excel or LibreOffice (OWASP "CSV injection"). Numbers are left as numbers: a negative
 * quantity is data, not a formula.
 */
export function escapeCsvCell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export interface CsvColumn<T> {
  header: string;
  value(row: T): unknown;
}

/** A CSV document (RFC 4180, CRLF line ends) of rows under a header line, every cell escaped. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  return Papa.unparse(
    {
      fields: columns.map((c) => String(escapeCsvCell(c.header))),
      data: rows.map((row) => columns.map((c) => escapeCsvCell(c.value(row)))),
    },
    { newline: '\r\n', escapeFormulae: false },
  );
}

/**
 * Hands a CSV document to the browser as a download. A byte-order mark leads it, so Excel reads the
 * accents of French names as UTF-8.
 */
export function downloadCsv(filename: string, csv: string): void {
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
