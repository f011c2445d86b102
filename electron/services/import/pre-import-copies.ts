import { type PreCommitBackup, startPreCommitBackup } from './pre-commit-backup.ts';

/**
 * Where an import's copy of the database (pre-commit-backup.ts) is begun and handed on: when the wizard's
 * library is picked (the copy is made while the librarian chooses the file), at the file's opening, at the
 * commit. Each step takes the copy before it if nothing was committed since, else begins another; a copy no
 * commit used is removed.
 */
export class PreImportCopies {
  /** The copy begun at the library's choice (`import.prepare`), for the file that comes next. */
  private prepared: PreCommitBackup | null = null;

  constructor(
    private readonly databasePath: string,
    private readonly now: () => Date,
    private readonly warn: (message: string, error: unknown) => void,
  ) {}

  /** The library is picked: a copy begun now, unless one still current is there (it is the database's, not the library's). */
  libraryPicked(): void {
    if (this.prepared?.stillCurrent()) return;
    void this.drop(this.prepared);
    this.prepared = this.begin(this.now());
  }

  /** A file is opened: the prepared copy if still current, else a new one. */
  forOpening(): PreCommitBackup {
    const copy = this.prepared;
    this.prepared = null;
    return this.current(copy, this.now());
  }

  /** An import commits: its opening's copy if still current, else a new one, copied while the worker writes. */
  forCommit(copy: PreCommitBackup | null, now: Date): PreCommitBackup {
    return this.current(copy, now);
  }

  /** Removes a copy that no commit used. */
  async drop(copy: PreCommitBackup | null): Promise<void> {
    await copy
      ?.discard()
      .catch((error: unknown) => this.warn('Copie d’avant import inutilisée à supprimer', error));
  }

  /** At close: the prepared copy, if no file came. */
  async close(): Promise<void> {
    const copy = this.prepared;
    this.prepared = null;
    await this.drop(copy);
  }

  private current(copy: PreCommitBackup | null, now: Date): PreCommitBackup {
    if (copy?.stillCurrent()) return copy;
    void this.drop(copy);
    return this.begin(now);
  }

  private begin(now: Date): PreCommitBackup {
    return startPreCommitBackup(this.databasePath, now);
  }
}
