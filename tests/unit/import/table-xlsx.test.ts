import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../../electron/services/import/read/table.ts';
import { AppError } from '../../../shared/errors.ts';

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook as a library's staff make them: a title, a header, typed cells, a second sheet. */
async function patronWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const hidden = workbook.addWorksheet('Paramètres');
  hidden.state = 'hidden';
  hidden.addRow(['clé', 'valeur']);
  hidden.addRow(['version', '3']);

  const sheet = workbook.addWorksheet('Lecteurs');
  sheet.addRow(['Lecteurs inscrits au 01/03/2026']);
  sheet.mergeCells('A1:H1');
  sheet.addRow([
    'N° de carte',
    'Nom',
    'Prénom',
    'Date de naissance',
    'Né le (texte)',
    'Code postal',
    'Courriel',
    'Libellé',
  ]);
  const row = sheet.addRow([
    23000100490123,
    { richText: [{ text: 'Du' }, { text: 'pont', font: { bold: true } }] },
    'Jean',
    new Date(Date.UTC(1991, 0, 1)),
    '33239',
    1000,
    { text: 'jean.dupont@orange.fr', hyperlink: 'mailto:jean.dupont@orange.fr' },
    { formula: 'B3&" "&C3', result: 'Dupont Jean' },
  ]);
  row.getCell(4).numFmt = 'dd/mm/yyyy';
  row.getCell(6).numFmt = '00000';
  sheet
    .addRow([
      12.5,
      'Durand',
      true,
      { formula: 'DATE(1985,6,15)', result: 31213 },
      '',
      46100,
      '',
      { formula: '1/0', result: { error: '#DIV/0!' } },
    ])
    .getCell(4).numFmt = 'dd/mm/yyyy';

  const other = workbook.addWorksheet('Anciens lecteurs');
  other.addRow(['N° de carte', 'Nom']);
  other.addRow(['9001', 'Ancien']);
  return bytesOf(workbook);
}

let workbook: Buffer;
beforeAll(async () => {
  workbook = await patronWorkbook();
});

describe('reading a workbook', () => {
  it('takes the first visible sheet, lists them all and skips the merged title above the header', async () => {
    const table = await readTable(workbook, { fileName: 'lecteurs.xlsx' });
    expect(table).toMatchObject({
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheets: ['Paramètres', 'Lecteurs', 'Anciens lecteurs'],
      sheet: 'Lecteurs',
      headerRow: 1,
    });
    expect(table.headers).toEqual([
      'N° de carte',
      'Nom',
      'Prénom',
      'Date de naissance',
      'Né le (texte)',
      'Code postal',
      'Courriel',
      'Libellé',
    ]);
  });

  it('gives every cell as the text people see: dates, long numbers, formats, formulas, links', async () => {
    const table = await readTable(workbook, { fileName: 'lecteurs.xlsx' });
    expect(table.rows).toEqual([
      {
        line: 3,
        cells: [
          '23000100490123',
          'Dupont',
          'Jean',
          '1991-01-01',
          '33239',
          '01000',
          'jean.dupont@orange.fr',
          'Dupont Jean',
        ],
      },
      { line: 4, cells: ['12.5', 'Durand', 'VRAI', '1985-06-15', '', '46100', '', '#DIV/0!'] },
    ]);
  });

  it('reads another sheet chosen by name, exactly or regardless of case and accents', async () => {
    for (const sheet of ['Anciens lecteurs', 'anciens LECTEURS']) {
      const table = await readTable(workbook, { fileName: 'lecteurs.xlsx', sheet });
      expect(table.sheet).toBe('Anciens lecteurs');
      expect(table.rows).toEqual([{ line: 2, cells: ['9001', 'Ancien'] }]);
    }
  });

  it('refuses an unknown sheet name and lists the sheets there are', async () => {
    const error = await readTable(workbook, { fileName: 'lecteurs.xlsx', sheet: 'Feuil1' }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'FILE_UNREADABLE',
      message:
        'La feuille « Feuil1 » n’existe pas dans « lecteurs.xlsx » (feuilles : « Paramètres », « Lecteurs », « Anciens lecteurs »).',
    });
  });

  it('recognises a workbook by its content whatever its name, and a CSV named .xlsx as a CSV', async () => {
    expect((await readTable(workbook, { fileName: 'export.csv' })).format).toBe('xlsx');
    const renamed = await readTable(Buffer.from('N° carte;Nom\n1001;Dupont\n'), { fileName: 'export.xlsx' });
    expect(renamed.format).toBe('csv');
  });

  it('refuses a corrupt or truncated workbook in French', async () => {
    const truncated = workbook.subarray(0, Math.floor(workbook.length / 2));
    await expect(readTable(truncated, { fileName: 'abîmé.xlsx' })).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringMatching(/« abîmé\.xlsx » n’est pas un classeur Excel lisible/),
    });
  });
});
