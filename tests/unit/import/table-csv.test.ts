import { describe, expect, it } from 'vitest';
import { readTable } from '../../../electron/services/import/read/table.ts';
import { guard } from '../../../electron/services/import/read/unreadable.ts';
import { AppError } from '../../../shared/errors.ts';

const csv = (text: string) => Buffer.from(text, 'utf8');
const read = (text: string | Uint8Array, fileName = 'lecteurs.csv') =>
  readTable(typeof text === 'string' ? csv(text) : text, { fileName });

async function refusal(bytes: Uint8Array, fileName = 'lecteurs.csv'): Promise<AppError> {
  try {
    await readTable(bytes, { fileName });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FILE_UNREADABLE');
    return error as AppError;
  }
  throw new Error('the file was read');
}

describe('finding the delimiter', () => {
  it.each([
    [';', 'semicolon'],
    [',', 'comma'],
    ['\t', 'tab'],
    ['|', 'pipe'],
  ])('splits on « %s » (%s) when that is what the rows share', async (delimiter) => {
    const table = await read(
      `${['N° carte', 'Nom', 'Prénom'].join(delimiter)}\n${['1001', 'Dupont', 'Jean'].join(delimiter)}`,
    );
    expect(table.delimiter).toBe(delimiter);
    expect(table.headers).toEqual(['N° carte', 'Nom', 'Prénom']);
    expect(table.rows[0]?.cells).toEqual(['1001', 'Dupont', 'Jean']);
  });

  it('prefers the delimiter that gives every row the same width over one that appears in a value', async () => {
    const table = await read('Nom;Remarque;Montant\nDupont;vu, rappelé;12,50\nDurand;rien;3,00\n');
    expect(table.delimiter).toBe(';');
    expect(table.rows[0]?.cells).toEqual(['Dupont', 'vu, rappelé', '12,50']);
  });
});

describe('line endings and quotes', () => {
  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])('reads %s line endings with the right line numbers', async (_, eol) => {
    const table = await read(['N° carte;Nom', '1001;Dupont', '1002;Durand', ''].join(eol));
    expect(table.rows).toEqual([
      { line: 2, cells: ['1001', 'Dupont'] },
      { line: 3, cells: ['1002', 'Durand'] },
    ]);
  });

  it('reads mixed line endings, each counted as one line, blank lines skipped but counted', async () => {
    const table = await read('N° carte;Nom\r\n1001;Dupont\n1002;Durand\r1003;Martin\r\n\r\n1004;Bernard');
    expect(table.rows.map((row) => [row.line, row.cells[0]])).toEqual([
      [2, '1001'],
      [3, '1002'],
      [4, '1003'],
      [6, '1004'],
    ]);
  });

  it('keeps quoted delimiters, doubled quotes and line breaks inside a field, numbering from where the row starts', async () => {
    const table = await read(
      'N° carte;Nom;Adresse\r\n1001;"Dupont; dit ""Jeannot""";"1 rue Haute\r\nBât. B"\r\n1002;Durand;Cahors\r\n',
    );
    expect(table.rows).toEqual([
      { line: 2, cells: ['1001', 'Dupont; dit "Jeannot"', '1 rue Haute\nBât. B'] },
      { line: 4, cells: ['1002', 'Durand', 'Cahors'] },
    ]);
  });

  it('marks a row whose quote never closes and reads the following rows normally', async () => {
    const table = await read('N° carte;Nom;Prénom\n1001;"Dupont;Jean\n1002;Durand;Marie\n1003;Martin;Paul\n');
    expect(table.rows[0]).toMatchObject({ line: 2, cells: ['1001', '"Dupont', 'Jean'] });
    expect(table.rows[0]?.error).toMatch(/Guillemets mal fermés/);
    expect(table.rows.slice(1)).toEqual([
      { line: 3, cells: ['1002', 'Durand', 'Marie'] },
      { line: 4, cells: ['1003', 'Martin', 'Paul'] },
    ]);
  });

  it('ignores the end-of-file mark old DOS exports end with', async () => {
    const table = await read('N° carte;Nom\r\n1001;Dupont\r\n\u001a');
    expect(table.rows).toEqual([{ line: 2, cells: ['1001', 'Dupont'] }]);
  });

  it('reads a 5 MB line without crashing', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const table = await read(`N° carte;Nom;Prénom\n1001;${huge};Jean\n1002;Durand;Marie\n`);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[0]?.cells[1]).toHaveLength(huge.length);
    const single = await read(`N° carte;Nom\n${huge}`);
    expect(single.rows).toHaveLength(1);
  });
});

describe('finding the header', () => {
  it('skips a title line and blank lines above the header and reports where the header is', async () => {
    const table = await read(
      'Bibliothèque de Figeac — export du 01/03/2026\n\n;;\nN° carte;Nom;Prénom\n1001;Dupont;Jean\n',
    );
    expect(table.headerRow).toBe(3);
    expect(table.headers).toEqual(['N° carte', 'Nom', 'Prénom']);
    expect(table.rows).toEqual([{ line: 5, cells: ['1001', 'Dupont', 'Jean'] }]);
  });

  it('skips a two-cell title line narrower than the table, and a line of numbers', async () => {
    const table = await read(
      'Export;01/03/2026;;;\n1;2;3;4;5\nN° carte;Nom;Prénom;Né le;CP\n1001;Dupont;Jean;;46100\n',
    );
    expect(table.headerRow).toBe(2);
  });

  it('keeps repeated header names apart and names empty ones', async () => {
    const table = await read('Nom;Nom;;Prénom;Nom\nDupont;Dupond;x;Jean;Durand\n');
    expect(table.headers).toEqual(['Nom', 'Nom (2)', 'Colonne 3', 'Prénom', 'Nom (3)']);
  });

  it('cleans header names: no-break spaces, zero-width characters, line breaks', async () => {
    const table = await read('"N°\u00a0de\u200b carte";"Date de\nnaissance"\n1001;01/01/1990\n');
    expect(table.headers).toEqual(['N° de carte', 'Date de naissance']);
  });

  it('pads short rows to the header and flags rows with values beyond it', async () => {
    const table = await read(
      'N° carte;Nom;Prénom\n1001;Dupont\n1002;Durand;Marie;;\n1003;Martin;Paul;en trop\n',
    );
    expect(table.rows[0]).toEqual({ line: 2, cells: ['1001', 'Dupont', ''] });
    expect(table.rows[1]?.error).toBeUndefined();
    expect(table.rows[2]?.error).toMatch(/4 colonnes alors que l’en-tête n’en nomme que 3/);
  });

  it('flags a header line repeated among the data', async () => {
    const table = await read('N° carte;Nom\n1001;Dupont\nN° carte;Nom\n1002;Durand\n');
    expect(table.rows.map((row) => row.error ?? null)).toEqual([
      null,
      expect.stringMatching(/répétée/),
      null,
    ]);
  });
});

describe('refusing what is not a table, in French', () => {
  it('refuses an empty file, a BOM alone and blank lines', async () => {
    expect((await refusal(new Uint8Array(0))).message).toBe('« lecteurs.csv » est vide.');
    expect((await refusal(Buffer.from([0xef, 0xbb, 0xbf]))).message).toMatch(/que des lignes vides/);
    expect((await refusal(csv('\r\n  \r\n;;;\r\n'))).message).toMatch(/que des lignes vides/);
  });

  it('refuses a file without a header row', async () => {
    expect((await refusal(csv('1;2;3\n4;5;6\n'))).message).toMatch(/aucune ligne d’en-tête/);
    expect((await refusal(csv('Nom\nDupont\n'))).message).toMatch(/aucune ligne d’en-tête/);
  });

  it('refuses binary content: NUL bytes, image bytes', async () => {
    expect((await refusal(csv('Nom;Prénom\nDu\u0000pont;Jean\n'))).message).toMatch(/ni un fichier texte/);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    expect((await refusal(png, 'photo.csv')).message).toMatch(/« photo\.csv » n’est ni un fichier texte/);
  });

  it('refuses a web page saved as .xls, JSON, PDF and Excel 97-2003 with a way out', async () => {
    expect(
      (await refusal(csv('<html><table><tr><td>Nom</td></tr></table></html>'), 'export.xls')).message,
    ).toMatch(/page web.*enregistrez-le au format \.xlsx ou CSV/);
    expect((await refusal(csv('[{"nom":"Dupont"}]'), 'export.json')).message).toMatch(/JSON/);
    expect((await refusal(csv('%PDF-1.4\n'), 'export.pdf')).message).toMatch(/PDF/);
    expect((await refusal(Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'export.xls')).message).toMatch(/97-2003/);
  });

  it('refuses a file over 200 MB before reading it', async () => {
    const message = (await refusal(new Uint8Array(200 * 1024 * 1024 + 1))).message;
    expect(message).toMatch(/au-delà de 200 Mo/);
  });

  it('refuses a header of thousands of columns', async () => {
    const header = Array.from({ length: 3000 }, (_, i) => `Colonne ${i}`).join(';');
    expect((await refusal(csv(`${header}\n1;2\n`))).message).toMatch(/3\s000 colonnes/);
  });
});

describe('unexpected failures while reading', () => {
  it('become FILE_UNREADABLE in French, the cause kept, whether thrown or rejected', async () => {
    const boom = new TypeError('Cannot read properties of undefined');
    const thrown = (() => {
      try {
        return guard('lecteurs.csv', () => {
          throw boom;
        });
      } catch (error) {
        return error;
      }
    })();
    const rejected = await guard('lecteurs.csv', () => Promise.reject(boom)).catch((error: unknown) => error);
    for (const error of [thrown, rejected]) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'FILE_UNREADABLE',
        message:
          '« lecteurs.csv » n’a pas pu être lu : son contenu n’a pas la forme d’un tableau CSV ou Excel.',
        cause: boom,
      });
    }
  });

  it('let AppErrors through unchanged', () => {
    const refusal = new AppError('FILE_UNREADABLE', '« a.csv » est vide.');
    expect(() =>
      guard('a.csv', () => {
        throw refusal;
      }),
    ).toThrow(refusal);
  });
});
