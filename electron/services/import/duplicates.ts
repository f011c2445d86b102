import type { prepareImportStatements } from '../../../db/queries/import-statements.ts';
import { type KnownPeople, personHash } from './known-people.ts';
import type { StoredPatron } from './patron-row.ts';
import type { PatronValues } from './read/normalize.ts';
import {
  KeyedList,
  type KnownPatron,
  type Resemblance,
  rank,
  sameEmailMayBeSamePerson,
  storedBirth,
} from './resemblance.ts';
import type { RowState } from './session-rows.ts';

// The tests of the lookups: plain functions, no closure made per row.
const samePerson = (earlier: RowState, row: RowState) =>
  earlier.nameKey === row.nameKey && earlier.normalized.values.birthDate === row.normalized.values.birthDate;
// One e-mail for a family: not the same person when both births are known and differ.
const rowMayBe = (earlier: RowState, values: PatronValues) =>
  sameEmailMayBeSamePerson(values, earlier.normalized.values);
const patronMayBe = (patron: StoredPatron, values: PatronValues) =>
  sameEmailMayBeSamePerson(values, storedBirth(patron));

/**
 * Finds whom the new rows of a file may duplicate (resemblance.ts): the library's patrons by e-mail (the
 * analysis reads them all anyway), the file's earlier rows by person (the `personHash` KnownPeople is built
 * on) and by e-mail — each an O(1) lookup — and, in one SQL statement over the person index, the stored
 * patrons with the same names and birth date, of this library or another, for the few rows `KnownPeople`
 * does not rule out.
 */
export class DuplicateFinder {
  /** The imported rows (created, updated or unchanged), in file order. */
  private readonly imported: RowState[] = [];
  private readonly created: RowState[] = [];
  private readonly candidates: RowState[] = [];

  constructor(
    private readonly libraryId: string,
    private readonly knownPeople: KnownPeople,
    /** The importing library's patrons by e-mail (`libraryEmails`). */
    private readonly libraryEmails: KeyedList<string, StoredPatron>,
  ) {}

  /** An imported row, in file order, its `nameKey` computed. */
  addRow(row: RowState): void {
    this.imported.push(row);
    if (row.outcome !== 'created') return;
    this.created.push(row);
    const values = row.normalized.values;
    const { birthDate, lastName, email } = values;
    const inLibrary = email === null ? undefined : this.libraryEmails.find(email, patronMayBe, values);
    if (inLibrary) row.duplicate = { reason: 'email', where: 'library', patron: inLibrary, row: null };
    if (birthDate && lastName && this.knownPeople.mayHaveHash(personHash(row.nameKey, birthDate)))
      this.candidates.push(row);
  }

  /**
   * Once every row is added: the new rows matched against the file's earlier rows, then the candidates
   * looked up among the stored patrons (a patron of the library wins over the file's rows).
   */
  finish(statements: ReturnType<typeof prepareImportStatements>): void {
    this.matchEarlierRows();
    const candidates = this.candidates;
    if (candidates.length === 0) return;
    const pairs = JSON.stringify(candidates.map((row) => [row.nameKey, row.normalized.values.birthDate]));
    const found = statements.samePeople.all({ library: this.libraryId, pairs }) as (KnownPatron & {
      at: number;
      library_id: string;
    })[];
    for (const patron of found) {
      const row = candidates[patron.at] as RowState;
      const resemblance: Resemblance<RowState> = {
        reason: 'person',
        where: patron.library_id === this.libraryId ? 'library' : 'otherLibrary',
        patron,
        row: null,
      };
      if (!row.duplicate || rank(resemblance) < rank(row.duplicate)) row.duplicate = resemblance;
    }
  }

  /**
   * Each new row's first earlier row of the file with its person, else with its e-mail. Only the keys a new
   * row has are kept: a re-import's 100,000 rows bring a thousand new ones, and keeping every row's keys
   * in maps was a sixth of its analysis.
   */
  private matchEarlierRows() {
    if (this.created.length === 0) return;
    const hashOf = (row: RowState) => {
      const { birthDate, lastName } = row.normalized.values;
      return birthDate && lastName ? personHash(row.nameKey, birthDate) : null;
    };
    // A file mostly of new rows (a first import) keeps every key: sifting them would cost more than it saves.
    const sift = this.created.length * 4 < this.imported.length;
    const wantedPeople = sift ? new Set<number>() : null;
    const wantedEmails = sift ? new Set<string>() : null;
    if (wantedPeople && wantedEmails)
      for (const row of this.created) {
        const hash = hashOf(row);
        if (hash !== null) wantedPeople.add(hash);
        if (row.normalized.values.email !== null) wantedEmails.add(row.normalized.values.email);
      }
    const filePeople = new KeyedList<number, RowState>();
    const fileEmails = new KeyedList<string, RowState>();
    for (const row of this.imported) {
      const values = row.normalized.values;
      const created = row.outcome === 'created';
      const hash = hashOf(row);
      // Each key looked up once, as this row is added for the rows after it.
      let earlier =
        hash !== null && (!wantedPeople || wantedPeople.has(hash))
          ? filePeople.add(hash, row, samePerson, row)
          : undefined;
      let reason: Resemblance['reason'] = 'person';
      if (values.email !== null && (!wantedEmails || wantedEmails.has(values.email))) {
        const sameEmail = fileEmails.add(
          values.email,
          row,
          created && !earlier ? rowMayBe : undefined,
          values,
        );
        if (!earlier && sameEmail) {
          earlier = sameEmail;
          reason = 'email';
        }
      }
      // A patron of the library with the e-mail (addRow) wins over the file's rows.
      if (created && earlier && !row.duplicate)
        row.duplicate = { reason, where: 'file', patron: earlier.existing, row: earlier };
    }
  }
}

/** The stored patrons of the importing library by e-mail, built once for every analysis of a file. */
export function libraryEmails(patrons: Iterable<StoredPatron>): KeyedList<string, StoredPatron> {
  const emails = new KeyedList<string, StoredPatron>();
  for (const patron of patrons) if (patron.email !== null) emails.add(patron.email as string, patron);
  return emails;
}
