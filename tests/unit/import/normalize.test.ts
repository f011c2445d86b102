import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDate } from '../../../electron/services/import/read/dates.ts';
import type { PatronField } from '../../../electron/services/import/read/fields.ts';
import { suggestMapping } from '../../../electron/services/import/read/mapping.ts';
import {
  type NormalizeContext,
  nameKey,
  normalizeRow,
  rejectionCodes,
  unreadableRow,
  warningCodes,
} from '../../../electron/services/import/read/normalize.ts';
import { readTable } from '../../../electron/services/import/read/table.ts';
import { repoRoot } from '../../helpers/temp.ts';

const today = '2026-03-01';
const communes: Record<string, string> = {
  '46100|Figeac': '46102',
  '46000|Cahors': '46042',
  '46000|': '46042',
};
const context: NormalizeContext = {
  today,
  resolveCommune: (postalCode, name) => communes[`${postalCode ?? ''}|${name ?? ''}`] ?? null,
};

const fields: PatronField[] = [
  'cardNumber',
  'lastName',
  'firstName',
  'birthDate',
  'birthYear',
  'email',
  'postalCode',
  'commune',
  'registeredOn',
  'expiresOn',
  'category',
];
const everyField = Object.fromEntries(fields.map((field, index) => [field, index]));

/** A row of the eleven fields, in that order, from the values given (the rest empty). */
function row(values: Partial<Record<PatronField, string>>) {
  const cells = fields.map((field) => values[field] ?? '');
  return normalizeRow(cells, everyField, context);
}
const base = { cardNumber: '46CZ1', lastName: 'Dupont' };
const codes = (issues: readonly { code: string }[]) => issues.map((issue) => issue.code);

describe('cleaning cells', () => {
  it('trims, removes no-break and zero-width characters, collapses inner whitespace', () => {
    const { values } = row({
      cardNumber: '\u00a046CZ\u200b1 ',
      lastName: '  De\u00a0 La\tFontaine\u202f',
      firstName: 'Jean\u200d-\uFEFFPierre',
      category: 'Demandeur\n d’emploi',
    });
    expect(values).toMatchObject({
      cardNumber: '46CZ1',
      lastName: 'De La Fontaine',
      firstName: 'Jean-Pierre',
      category: 'Demandeur d’emploi',
    });
  });

  it('reads only the mapped columns: anything else never reaches the values', () => {
    const result = normalizeRow(
      ['46CZ1', 'Dupont', '05 65 00 00 00', 'Sportif'],
      { cardNumber: 0, lastName: 1 },
      context,
    );
    expect(result.values).toEqual({
      cardNumber: '46CZ1',
      lastName: 'Dupont',
      firstName: null,
      birthDate: null,
      birthYear: null,
      email: null,
      postalCode: null,
      communeInsee: null,
      communeName: null,
      registeredOn: null,
      expiresOn: null,
      category: null,
    });
    expect(result.rejections).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('lower-cases e-mails and drops a mailto: prefix', () => {
    expect(row({ ...base, email: ' Jean.DUPONT@Orange.FR ' }).values.email).toBe('jean.dupont@orange.fr');
    expect(row({ ...base, email: 'mailto:jean@free.fr' }).values.email).toBe('jean@free.fr');
  });

  it('keeps 5-digit postal codes, restores the zero Excel drops, removes spaces', () => {
    expect(row({ ...base, postalCode: '46 100', commune: 'Figeac' }).values).toMatchObject({
      postalCode: '46100',
      communeInsee: '46102',
      communeName: 'Figeac',
    });
    expect(row({ ...base, postalCode: '1000' }).values.postalCode).toBe('01000');
  });
});

describe('reading dates', () => {
  it.each([
    ['19/12/1979', '1979-12-19'],
    ['1/2/1979', '1979-02-01'],
    ['19.12.1979', '1979-12-19'],
    ['1979-12-19', '1979-12-19'],
    ['1979-12-19 00:00:00', '1979-12-19'],
    ['19/12/1979 00:00', '1979-12-19'],
    ['33239', '1991-01-01'],
    ['29221', '1980-01-01'],
  ])('reads the birth date %s as %s, and its year', (text, iso) => {
    const { values, rejections } = row({ ...base, birthDate: text });
    expect(rejections).toEqual([]);
    expect(values.birthDate).toBe(iso);
    expect(values.birthYear).toBe(Number(iso.slice(0, 4)));
  });

  it('puts a two-digit birth year in the century that keeps it in the past', () => {
    expect(row({ ...base, birthDate: '15/06/05' }).values.birthDate).toBe('2005-06-15');
    expect(row({ ...base, birthDate: '28/02/26' }).values.birthDate).toBe('2026-02-28');
    expect(row({ ...base, birthDate: '02/03/26' }).values.birthDate).toBe('1926-03-02');
    expect(row({ ...base, birthDate: '15/06/45' }).values.birthDate).toBe('1945-06-15');
  });

  it('puts two-digit registration and expiry years in the 2000s unless more than twenty years ahead', () => {
    expect(row({ ...base, registeredOn: '01/09/98', expiresOn: '01/09/27' }).values).toMatchObject({
      registeredOn: '1998-09-01',
      expiresOn: '2027-09-01',
    });
  });

  it('converts Excel serial numbers, skipping the 29 February 1900 Excel invented', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(59)).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(33239.75)).toBe('1991-01-01');
    expect(parseDate('45352', { today, birth: false })).toBe('2024-03-01');
  });

  it('takes a bare year in the year column, or in the birth-date column, as the year of birth only', () => {
    expect(row({ ...base, birthYear: '1945' }).values).toMatchObject({ birthYear: 1945, birthDate: null });
    expect(row({ ...base, birthDate: '1945' }).values).toMatchObject({ birthYear: 1945, birthDate: null });
    expect(row({ ...base, birthYear: '12/03/1980' }).values.birthYear).toBe(1980);
  });

  it('takes the zero dates and years of PMB and MySQL for "unknown"', () => {
    const result = row({ ...base, birthYear: '0', registeredOn: '0000-00-00', expiresOn: '00/00/0000' });
    expect(result.rejections).toEqual([]);
    expect(result.values).toMatchObject({ birthYear: null, registeredOn: null, expiresOn: null });
  });
});

describe('rejecting a row, with its reason', () => {
  it('rejects a missing or blank card number', () => {
    for (const cardNumber of ['', '   ', '\u00a0\u200b']) {
      const { rejections } = row({ cardNumber, lastName: 'Dupont' });
      expect(rejections).toEqual([
        { field: 'cardNumber', code: 'card_number_missing', message: 'N° de carte manquant.' },
      ]);
    }
    const unmapped = normalizeRow(['Dupont'], { lastName: 0 }, context);
    expect(codes(unmapped.rejections)).toEqual(['card_number_missing']);
  });

  it('rejects a card number Excel rounded to scientific notation', () => {
    const { rejections, values } = row({ ...base, cardNumber: '2,30001E+13' });
    expect(codes(rejections)).toEqual(['card_number_scientific']);
    expect(rejections[0]?.message).toMatch(/notation scientifique/);
    expect(values.cardNumber).toBeNull();
  });

  it('rejects a missing last name', () => {
    expect(row({ cardNumber: '46CZ1', firstName: 'Jean' }).rejections).toEqual([
      { field: 'lastName', code: 'last_name_missing', message: 'Nom manquant.' },
    ]);
  });

  it('says when a required cell holds an Excel error', () => {
    expect(row({ cardNumber: '#N/A', lastName: '#REF!' }).rejections.map((issue) => issue.message)).toEqual([
      'N° de carte manquant (la cellule contient l’erreur Excel #N/A).',
      'Nom manquant (la cellule contient l’erreur Excel #REF!).',
    ]);
  });

  it.each([
    ['31/02/1990', '31 February'],
    ['15/13/1990', 'month 13'],
    ['2023-02-29', 'not a leap year'],
    ['hier', 'a word'],
    ['12/03', 'no year'],
    ['1990-1-1-1', 'garbage'],
  ])('rejects the birth date %s (%s) as not a real date', (birthDate) => {
    const { rejections, values } = row({ ...base, birthDate });
    expect(rejections).toEqual([
      {
        field: 'birthDate',
        code: 'birth_date_invalid',
        message: `Date de naissance invalide : « ${birthDate} ».`,
      },
    ]);
    expect(values.birthDate).toBeNull();
  });

  it('rejects registration and expiry dates that are not real dates', () => {
    const { rejections } = row({ ...base, registeredOn: '31/04/2024', expiresOn: '00/13/2025' });
    expect(rejections).toEqual([
      {
        field: 'registeredOn',
        code: 'registration_date_invalid',
        message: 'Date d’inscription invalide : « 31/04/2024 ».',
      },
      {
        field: 'expiresOn',
        code: 'expiry_date_invalid',
        message: 'Date de fin d’abonnement invalide : « 00/13/2025 ».',
      },
    ]);
  });

  it('rejects a birth date in the future or before 1900', () => {
    expect(row({ ...base, birthDate: '12/03/2031' }).rejections).toEqual([
      {
        field: 'birthDate',
        code: 'birth_date_in_future',
        message: 'Date de naissance dans le futur : 12/03/2031.',
      },
    ]);
    expect(row({ ...base, birthDate: '02/03/2026' }).rejections[0]?.code).toBe('birth_date_in_future');
    expect(row({ ...base, birthDate: today }).rejections).toEqual([]);
    expect(row({ ...base, birthDate: '31/12/1899' }).rejections).toEqual([
      {
        field: 'birthDate',
        code: 'birth_date_before_1900',
        message: 'Date de naissance avant 1900 : 31/12/1899.',
      },
    ]);
    expect(row({ ...base, birthDate: '01/01/1900' }).rejections).toEqual([]);
  });

  it('rejects a year of birth that cannot be one', () => {
    for (const birthYear of ['1850', '2031', 'vers 1950']) {
      expect(codes(row({ ...base, birthYear }).rejections)).toEqual(['birth_year_invalid']);
    }
  });

  it('gives every reason at once', () => {
    const { rejections } = row({ birthDate: '31/02/1990', expiresOn: 'jamais' });
    expect(codes(rejections)).toEqual([
      'card_number_missing',
      'last_name_missing',
      'birth_date_invalid',
      'expiry_date_invalid',
    ]);
  });

  it('has an issue for rows the reader could not split', () => {
    expect(unreadableRow('Guillemets mal fermés.')).toEqual({
      field: null,
      code: 'row_unreadable',
      message: 'Guillemets mal fermés.',
    });
  });
});

describe('flagging a row it still imports', () => {
  it('drops an invalid e-mail and says so', () => {
    for (const email of [
      'jean.dupont@',
      'jean@orange',
      'jean dupont@orange.fr',
      'jean@@orange.fr',
      'a@b.c',
    ]) {
      const { values, warnings, rejections } = row({ ...base, email });
      expect(rejections).toEqual([]);
      expect(values.email).toBeNull();
      expect(warnings).toEqual([
        {
          field: 'email',
          code: 'email_invalid',
          message: `Courriel invalide, non enregistré : « ${email} ».`,
        },
      ]);
    }
  });

  it('flags a commune the resolver does not recognise, when a postal code or name was given', () => {
    expect(row({ ...base, postalCode: '46100', commune: 'Figeac' }).warnings).toEqual([]);
    expect(row({ ...base, postalCode: '46000' }).warnings).toEqual([]);
    expect(row({ ...base, postalCode: '46100', commune: 'Atlantide' }).warnings).toEqual([
      { field: 'commune', code: 'commune_unknown', message: 'Commune non reconnue : « 46100 Atlantide ».' },
    ]);
    expect(codes(row({ ...base, commune: 'Atlantide' }).warnings)).toEqual(['commune_unknown']);
    expect(row(base).warnings).toEqual([]);
  });

  it('flags a postal code that is not one', () => {
    const { values, warnings } = row({ ...base, postalCode: 'ABCDE' });
    expect(values.postalCode).toBeNull();
    expect(codes(warnings)).toEqual(['postal_code_invalid', 'commune_unknown']);
  });

  it('flags a registration already expired, not one ending today', () => {
    expect(row({ ...base, expiresOn: '28/02/2026' }).warnings).toEqual([
      { field: 'expiresOn', code: 'registration_expired', message: 'Abonnement expiré le 28/02/2026.' },
    ]);
    expect(row({ ...base, expiresOn: '01/03/2026' }).warnings).toEqual([]);
  });

  it('uses stable snake_case codes', () => {
    for (const code of [...rejectionCodes, ...warningCodes]) expect(code).toMatch(/^[a-z]+(?:_[a-z0-9]+)*$/);
  });
});

describe('the name key for cross-library duplicates', () => {
  it.each([
    [
      ['Cœur', 'Josette'],
      ['COEUR', 'JOSETTE'],
    ],
    [
      ['d’Arcy', 'Hélène'],
      ["D'ARCY", 'HELENE'],
    ],
    [
      ['dʼArcy', 'Hélène'],
      ['Darcy', 'helene'],
    ],
    [
      ['Sénéchal', 'Loïc'],
      ['SENECHAL', 'LOIC'],
    ],
    [
      ['Œillet', 'Zoé'],
      ['OEILLET', 'Zoe'],
    ],
    [
      ['Lætitia', 'Anne-Marie'],
      ['LAETITIA', 'ANNE MARIE'],
    ],
    [
      ['De La Fontaine', 'Jean'],
      ['DELAFONTAINE', ' jean '],
    ],
  ])('folds %j and %j to the same key', ([lastA, firstA], [lastB, firstB]) => {
    expect(nameKey(lastA as string, firstA as string)).toBe(nameKey(lastB as string, firstB as string));
  });

  it('keeps different people apart and the last name apart from the first', () => {
    expect(nameKey('Dupont', 'Jean')).not.toBe(nameKey('Dupond', 'Jean'));
    expect(nameKey('Jean', 'Pierre')).not.toBe(nameKey('Pierre', 'Jean'));
    expect(nameKey('Dupont', null)).toBe('dupont|');
  });
});

describe('a French export, end to end', () => {
  it('rejects the rows the rules reject and imports the others, flagged where needed', async () => {
    const name = 'francais-excel.csv';
    const table = await readTable(fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', name)), {
      fileName: name,
    });
    const mapping = suggestMapping(
      table.headers,
      table.rows.map((r) => r.cells),
    );
    const outcome = table.rows.map((raw) => {
      const { values, rejections, warnings } = normalizeRow(raw.cells, mapping, {
        today,
        resolveCommune: () => '46000',
      });
      return [raw.line, values.lastName, codes(rejections), codes(warnings)];
    });
    expect(outcome).toEqual([
      [2, 'Cœur', [], []],
      [3, 'd’Arcy', [], ['registration_expired']],
      [4, 'Sénéchal', [], ['registration_expired', 'email_invalid']],
      [5, 'Œillet', [], []],
      [6, 'Mercier', ['card_number_missing'], ['registration_expired']],
      [7, null, ['last_name_missing'], []],
      [8, 'Dubois', ['birth_date_invalid'], []],
      [9, 'Dubois', ['birth_date_in_future'], ['registration_expired']],
    ]);
  });
});
