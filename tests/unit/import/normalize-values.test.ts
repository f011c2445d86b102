import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDate } from '../../../electron/services/import/read/dates.ts';
import { nameKey } from '../../../electron/services/import/read/name-key.ts';
import { normalizeRow } from '../../../electron/services/import/read/normalize.ts';
import { base, context, row, today } from './normalize-rows.ts';

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
