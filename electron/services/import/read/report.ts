import { newWorkbook } from '../../excel.ts';

export interface ReportRow {
  line: number;
  cardNumber: string | null;
  lastName: string | null;
  firstName: string | null;
  status: 'rejected' | 'warning';
  reasons: string[];
}

/**
 * The report as stored with its batch: each distinct reason written once (a file's 100,000 rows share a
 * few thousand reasons, "Abonnement expiré le …" above all), each row as a short array.
 */
interface StoredReport {
  reasons: string[];
  /** line, card number, last name, first name, 1 when rejected (0: warning), then indexes into `reasons` */
  rows: (string | number | null)[][];
}

export function packReport(rows: Iterable<ReportRow>): string {
  const reasons: string[] = [];
  const indexOf = new Map<string, number>();
  const packed: StoredReport['rows'] = [];
  for (const row of rows) {
    const entry: (string | number | null)[] = [
      row.line,
      row.cardNumber,
      row.lastName,
      row.firstName,
      row.status === 'rejected' ? 1 : 0,
    ];
    for (const reason of row.reasons) {
      let index = indexOf.get(reason);
      if (index === undefined) {
        index = reasons.push(reason) - 1;
        indexOf.set(reason, index);
      }
      entry.push(index);
    }
    packed.push(entry);
  }
  return JSON.stringify({ reasons, rows: packed } satisfies StoredReport);
}

/** Reads a stored report back; batches written before the packed form stored the rows themselves. */
export function unpackReport(text: string): ReportRow[] {
  const stored = JSON.parse(text) as StoredReport | ReportRow[];
  if (Array.isArray(stored)) return stored;
  return stored.rows.map(([line, cardNumber, lastName, firstName, rejected, ...reasons]) => ({
    line: line as number,
    cardNumber: cardNumber as string | null,
    lastName: lastName as string | null,
    firstName: firstName as string | null,
    status: rejected === 1 ? 'rejected' : 'warning',
    reasons: reasons.map((index) => stored.reasons[index as number] as string),
  }));
}

export const reportHeaders = ['Ligne', 'N° de carte', 'Nom', 'Prénom', 'Statut', 'Motifs'] as const;

const statusLabels: Record<ReportRow['status'], string> = {
  rejected: 'Rejetée',
  warning: 'Importée avec avertissement',
};

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a
 * leading apostrophe: Excel and LibreOffice then show it as text. Patron files come from outside.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function reportCells(row: ReportRow): string[] {
  return [
    String(row.line),
    row.cardNumber ?? '',
    row.lastName ?? '',
    row.firstName ?? '',
    statusLabels[row.status],
    row.reasons.join(' ; '),
  ];
}

function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report as Excel opens it on a French Windows: UTF-8 with a BOM, `;`, CRLF; no cell is a formula. */
export function writeReportCsv(rows: ReportRow[]): Buffer {
  const lines = [
    reportHeaders.map(csvCell).join(';'),
    ...rows.map((row) => reportCells(row).map(csvCell).join(';')),
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

/**
 * The report as a workbook: one sheet « Rapport », a bold header, every cell written as text (a value
 * starting with `=` stays that text, it is never a formula), widths that fit, the header frozen.
 */
export async function writeReportXlsx(rows: ReportRow[]): Promise<Buffer> {
  const workbook = await newWorkbook();
  const sheet = workbook.addWorksheet('Rapport', { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = [8, 18, 24, 20, 28, 80];
  sheet.columns = reportHeaders.map((header, index) => ({
    header,
    width: widths[index] as number,
    style: { numFmt: '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const added = sheet.addRow(reportCells(row));
    added.getCell(6).alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: reportHeaders.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
