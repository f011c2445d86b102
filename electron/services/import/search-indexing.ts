/**
 * The search entries of an import's new patrons are written just after its batch commits
 * (db/queries/patron-search-pending.ts). A search waits for the ones being written, so it never answers
 * without the patrons an import has just added; closing the context waits for them too (the CLI exits
 * right after a commit).
 */
export class SearchIndexing {
  private readonly running = new Set<Promise<void>>();

  /** `work` settles once the entries are written, or once writing them failed (the next start retries). */
  track(work: Promise<void>) {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  async settled(): Promise<void> {
    await Promise.all(this.running);
  }
}
