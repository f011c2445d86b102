import { describe, expect, it } from 'vitest';
import { personHash } from '../../../electron/services/import/known-people.ts';
import { nameKey } from '../../../electron/services/import/read/name-key.ts';
import {
  KeyedList,
  rank,
  sameEmailMayBeSamePerson,
  shownResemblance,
} from '../../../electron/services/import/resemblance.ts';
import { emptyValues } from '../../../electron/services/import/session-rows.ts';

const born = (birthDate: string | null, birthYear: number | null = null) => ({ birthDate, birthYear });

describe('who may be the same person', () => {
  it('hashes a person by folded names and birth date: case, accents and hyphens do not matter, the day does', () => {
    expect(personHash(nameKey('LACOMBE', 'Julie'), '1990-08-08')).toBe(
      personHash(nameKey('Lacombe', 'julie'), '1990-08-08'),
    );
    expect(personHash(nameKey('Sénéchal', 'Jean-Loïc'), '1966-08-20')).toBe(
      personHash(nameKey('SENECHAL', 'JEAN LOIC'), '1966-08-20'),
    );
    expect(personHash(nameKey('Delmas', 'Lucie'), '2011-06-19')).not.toBe(
      personHash(nameKey('Delmas', 'Lucie'), '2012-06-19'),
    );
  });

  it('takes a shared e-mail for one person unless both births are known and differ (a family’s address)', () => {
    expect(sameEmailMayBeSamePerson(born('1980-03-03'), born('1980-03-03'))).toBe(true);
    expect(sameEmailMayBeSamePerson(born('1948-11-02'), born('2011-06-19'))).toBe(false);
    expect(sameEmailMayBeSamePerson(born(null), born('1985-01-30'))).toBe(true);
    expect(sameEmailMayBeSamePerson(born(null, 1985), born('1985-01-30', 1985))).toBe(true);
    expect(sameEmailMayBeSamePerson(born(null, 1984), born('1985-01-30', 1985))).toBe(false);
    expect(sameEmailMayBeSamePerson(born(null), born(null))).toBe(true);
  });

  it('prefers the library’s own patrons, then the file’s earlier rows, then other libraries; a person before an e-mail', () => {
    const order = (
      [
        { where: 'otherLibrary', reason: 'person' },
        { where: 'file', reason: 'email' },
        { where: 'library', reason: 'email' },
        { where: 'file', reason: 'person' },
        { where: 'library', reason: 'person' },
      ] as const
    )
      .slice()
      .sort((a, b) => rank(a) - rank(b))
      .map((r) => `${r.where} ${r.reason}`);
    expect(order).toEqual([
      'library person',
      'library email',
      'file person',
      'file email',
      'otherLibrary person',
    ]);
  });
});

describe('KeyedList', () => {
  it('finds the first item of a key that the test accepts, among several', () => {
    const list = new KeyedList<string, { name: string; year: number }>();
    const born = (p: { year: number }, year: number) => p.year === year;
    list.add('famille.delmas@free.fr', { name: 'Henri', year: 1948 });
    list.add('famille.delmas@free.fr', { name: 'Lucie', year: 2011 });
    list.add('famille.delmas@free.fr', { name: 'Marc', year: 2011 });
    list.add('paul.roques@laposte.net', { name: 'Paul', year: 1985 });
    expect(list.find('famille.delmas@free.fr', born, 2011)?.name).toBe('Lucie');
    expect(list.find('famille.delmas@free.fr', born, 2012)).toBeUndefined();
    expect(list.find('paul.roques@laposte.net', born, 1985)?.name).toBe('Paul');
    expect(list.find('paul.roques@laposte.net', born, 1986)).toBeUndefined();
    expect(list.find('inconnu@free.fr', born, 1985)).toBeUndefined();
  });

  it('adds an item and answers, when asked, the first one added before it under its key that passes the test', () => {
    const list = new KeyedList<number, { name: string; year: number }>();
    const born = (p: { year: number }, year: number) => p.year === year;
    expect(list.add(7, { name: 'Henri', year: 1948 }, born, 1948)).toBeUndefined();
    expect(list.add(7, { name: 'Lucie', year: 2011 }, born, 2011)).toBeUndefined();
    expect(list.add(7, { name: 'Lucie', year: 2011 }, born, 2011)?.name).toBe('Lucie');
    expect(list.add(7, { name: 'Marc', year: 2015 })).toBeUndefined();
    expect(list.find(7, (p, name) => p.name === name, 'Marc')?.year).toBe(2015);
    expect(list.add(8, { name: 'Paul', year: 1985 }, born, 1985)).toBeUndefined();
  });
});

describe('a resemblance as the preview shows it', () => {
  it('names the earlier line of the file, or the stored patron and, in another library, that library', () => {
    const values = { ...emptyValues(), cardNumber: 'D1003', lastName: 'Lacombe', firstName: 'Julie' };
    expect(
      shownResemblance({
        reason: 'person',
        where: 'file',
        patron: null,
        row: { line: 5, normalized: { values } },
      }),
    ).toEqual({
      reason: 'person',
      where: 'file',
      line: 5,
      libraryName: null,
      other: {
        cardNumber: 'D1003',
        lastName: 'Lacombe',
        firstName: 'Julie',
        birthDate: null,
        birthYear: null,
        email: null,
      },
    });
    const stored = {
      id: 'p1',
      card_number: '46F90001',
      last_name: 'DUPRE',
      first_name: 'François',
      birth_date: '1962-07-03',
      birth_year: 1962,
      email: null,
      library_name: 'Médiathèque de Figeac',
    };
    expect(
      shownResemblance({ reason: 'person', where: 'otherLibrary', patron: stored, row: null }),
    ).toMatchObject({ line: null, libraryName: 'Médiathèque de Figeac', other: { cardNumber: '46F90001' } });
    expect(
      shownResemblance({ reason: 'person', where: 'library', patron: stored, row: null }).libraryName,
    ).toBe(null);
  });
});
