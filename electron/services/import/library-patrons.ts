import type BetterSqlite3 from 'better-sqlite3';
import { dataVersion } from '../../../db/pragmas.ts';
import type { prepareImportStatements } from '../../../db/queries/import-statements.ts';
import { libraryEmails } from './duplicates.ts';
import type { StoredPatron } from './patron-row.ts';
import type { KeyedList } from './resemblance.ts';

export interface LibraryPatrons {
  stored: Map<string, StoredPatron>;
  emails: KeyedList<string, StoredPatron>;
}

/**
 * The importing library's stored patrons, by card and by e-mail: read when the library is picked (the
 * worker kept ready, `prepare`) or at the first analysis, and again only once another connection has
 * committed (`data_version`), so a fixed cell or an excluded row does not read 100,000 patrons again.
 */
export class LibraryPatronsCache {
  private cached: (LibraryPatrons & { version: number }) | null = null;

  constructor(readonly libraryId: string) {}

  read(db: BetterSqlite3.Database, statements: ReturnType<typeof prepareImportStatements>): LibraryPatrons {
    const version = dataVersion(db);
    if (this.cached?.version !== version) {
      const patrons = statements.libraryPatrons.all(this.libraryId) as StoredPatron[];
      this.cached = {
        version,
        stored: new Map(patrons.map((patron) => [patron.card_number, patron])),
        emails: libraryEmails(patrons),
      };
    }
    return this.cached;
  }
}
