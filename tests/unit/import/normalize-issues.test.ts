import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { suggestMapping } from '../../../electron/services/import/read/mapping.ts';
import {
  normalizeRow,
  rejectionCodes,
  unreadableRow,
  warningCodes,
} from '../../../electron/services/import/read/normalize.ts';
import { readTable } from '../../../electron/services/import/read/table.ts';
import { repoRoot } from '../../helpers/temp.ts';
import { base, codes, context, row, today } from './normalize-rows.ts';

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

  it('rejects a card number or a name longer than the registry keeps, and leaves out a long commune or category', () => {
    const long = (n: number) => 'x'.repeat(n);
    expect(
      row({ ...base, cardNumber: long(100), lastName: long(200), firstName: long(200) }).rejections,
    ).toEqual([]);
    expect(codes(row({ ...base, cardNumber: long(101) }).rejections)).toEqual(['card_number_too_long']);
    const names = row({ ...base, lastName: long(201), firstName: long(201) });
    expect(names.rejections.map((issue) => [issue.field, issue.code])).toEqual([
      ['lastName', 'name_too_long'],
      ['firstName', 'name_too_long'],
    ]);
    expect(names.rejections[0]?.message).toMatch(/^Nom trop long \(201 caractères, 200 au plus\)/);
    const place = row({ ...base, commune: long(201), category: long(101) });
    expect(place.rejections).toEqual([]);
    expect(place.values).toMatchObject({ communeName: null, category: null });
    expect(codes(place.warnings)).toEqual(['value_too_long', 'value_too_long']);
    expect(row({ ...base, category: long(100) }).values.category).toBe(long(100));
  });

  it('uses stable snake_case codes', () => {
    for (const code of [...rejectionCodes, ...warningCodes]) expect(code).toMatch(/^[a-z]+(?:_[a-z0-9]+)*$/);
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
      today,
    );
    const outcome = table.rows.map((raw) => {
      const { values, rejections, warnings } = normalizeRow(raw.cells, mapping, {
        today,
        resolveCommune: () => ({ insee: '46000', former: null }),
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
