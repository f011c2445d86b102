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
 * Finds whom the new rows of a file may duplicate (resemblance.ts), during the analysis's one pass over the
 * rows: the library's patrons by e-mail (the analysis reads them all anyway), the file's earlier rows by
 * person (the `personHash` KnownPeople is built on) and by e-mail — each an O(1) lookup — and at the end,
 * in one SQL statement over the person index, the stored patrons with the same names and birth date, of
 * this library or another, for the few rows `KnownPeople` does not rule out.
 */
export class DuplicateFinder {
  private readonly filePeople = new KeyedList<number, RowState>();
  private readonly fileEmails = new KeyedList<string, RowState>();
  private readonly candidates: RowState[] = [];

  constructor(
    private readonly libraryId: string,
    private readonly knownPeople: KnownPeople,
    /** The importing library's patrons by e-mail (`libraryEmails`). */
    private readonly libraryEmails: KeyedList<string, StoredPatron>,
  ) {}

  /**
   * An imported row (created, updated or unchanged), in file order, its `nameKey` computed: a new one is
   * matched against what came before it; every one is kept for the rows after it.
   */
  addRow(row: RowState): void {
    const values = row.normalized.values;
    const { birthDate, lastName, email } = values;
    const created = row.outcome === 'created';
    const hash = birthDate && lastName ? personHash(row.nameKey, birthDate) : null;
    // The file's earlier rows: each key looked up once, as this row is added for the rows after it.
    let earlier = hash === null ? undefined : this.filePeople.add(hash, row, samePerson, row);
    let reason: Resemblance['reason'] = 'person';
    if (email !== null) {
      const sameEmail = this.fileEmails.add(email, row, created && !earlier ? rowMayBe : undefined, values);
      if (!earlier && sameEmail) {
        earlier = sameEmail;
        reason = 'email';
      }
    }
    if (!created) return;
    const inLibrary = email === null ? undefined : this.libraryEmails.find(email, patronMayBe, values);
    if (inLibrary) row.duplicate = { reason: 'email', where: 'library', patron: inLibrary, row: null };
    else if (earlier) row.duplicate = { reason, where: 'file', patron: earlier.existing, row: earlier };
    if (hash !== null && this.knownPeople.mayHaveHash(hash)) this.candidates.push(row);
  }

  /** Looks the candidates up among the stored patrons; a patron of the library wins over the file's rows. */
  finish(statements: ReturnType<typeof prepareImportStatements>): void {
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
}

/** The stored patrons of the importing library by e-mail, built once for every analysis of a file. */
export function libraryEmails(patrons: Iterable<StoredPatron>): KeyedList<string, StoredPatron> {
  const emails = new KeyedList<string, StoredPatron>();
  for (const patron of patrons) if (patron.email !== null) emails.add(patron.email as string, patron);
  return emails;
}
