import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  neutraliseFormula,
  packReport,
  type ReportRow,
  unpackReport,
  writeReportCsv,
  writeReportXlsx,
} from '../../../electron/services/import/read/report.ts';

const dangerous = [
  '=HYPERLINK("http://exemple.invalid","clic")',
  '+33 5 65 00 00 00',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
];

const rows: ReportRow[] = [
  {
    line: 7,
    cardNumber: null,
    lastName: 'Mercier',
    firstName: 'Jean',
    status: 'rejected',
    reasons: ['N° de carte manquant.'],
  },
  {
    line: 13,
    cardNumber: '=1+1',
    lastName: '@Dubois; "dit" Mathéo',
    firstName: '-Zoé',
    status: 'rejected',
    reasons: ['Date de naissance invalide : « 31/02/1990 ».', 'Nom manquant.'],
  },
  {
    line: 19,
    cardNumber: '46CZ100017',
    lastName: 'Thomas',
    firstName: '+Françoise',
    status: 'warning',
    reasons: ['Courriel invalide, non enregistré : « =jean.dupont@ ».'],
  },
];

describe('neutralising formulas', () => {
  it.each(dangerous)('puts an apostrophe before %j', (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it('leaves ordinary text alone', () => {
    for (const cell of ['Dupont', '46CZ1', 'a=b', ' =1', '', 'jean@orange.fr'])
      expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe('the CSV report', () => {
  const bytes = writeReportCsv(rows);

  it('is UTF-8 with a BOM, « ; » and CRLF, with French headers', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('Ligne;N° de carte;Nom;Prénom;Statut;Motifs');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('reads back to the same rows, every formula-like cell behind an apostrophe', () => {
    const parsed = Papa.parse<string[]>(bytes.subarray(3).toString('utf8'), {
      delimiter: ';',
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.slice(1)).toEqual([
      ['7', '', 'Mercier', 'Jean', 'Rejetée', 'N° de carte manquant.'],
      [
        '13',
        "'=1+1",
        '\'@Dubois; "dit" Mathéo',
        "'-Zoé",
        'Rejetée',
        'Date de naissance invalide : « 31/02/1990 ». ; Nom manquant.',
      ],
      [
        '19',
        '46CZ100017',
        'Thomas',
        "'+Françoise",
        'Importée avec avertissement',
        'Courriel invalide, non enregistré : « =jean.dupont@ ».',
      ],
    ]);
    for (const row of parsed.data) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('the XLSX report', () => {
  it('has one sheet « Rapport », a bold header, and every value as text, never a formula', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await writeReportXlsx([
        ...rows,
        ...dangerous.map((cell, i) => ({
          line: 100 + i,
          cardNumber: cell,
          lastName: cell,
          firstName: null,
          status: 'rejected' as const,
          reasons: [cell],
        })),
      ])) as unknown as Parameters<ExcelJS.Xlsx['load']>[0],
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Rapport']);
    const sheet = workbook.getWorksheet('Rapport') as ExcelJS.Worksheet;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Ligne',
      'N° de carte',
      'Nom',
      'Prénom',
      'Statut',
      'Motifs',
    ]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(6).width).toBeGreaterThan(40);

    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
        expect(typeof cell.value).toBe('string');
      });
    });
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      '13',
      '=1+1',
      '@Dubois; "dit" Mathéo',
      '-Zoé',
      'Rejetée',
      'Date de naissance invalide : « 31/02/1990 ». ; Nom manquant.',
    ]);
    dangerous.forEach((cell, i) => {
      // XML reads a carriage return back as a line feed; the text is otherwise kept as is.
      expect(sheet.getRow(5 + i).getCell(2).value).toBe(cell.replace(/\r/g, '\n'));
    });
  });
});

describe('the report stored with a batch', () => {
  it('reads back exactly the rows it was given, each distinct reason stored once', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({
      ...(rows[i % rows.length] as ReportRow),
      line: i + 2,
    }));
    const text = packReport(many);
    expect(unpackReport(text)).toEqual(many);
    const reasons = new Set(many.flatMap((row) => row.reasons));
    expect((JSON.parse(text) as { reasons: string[] }).reasons).toHaveLength(reasons.size);
  });

  it('still reads the reports of batches stored before the packed form (an array of rows)', () => {
    expect(unpackReport(JSON.stringify(rows))).toEqual(rows);
  });
});
