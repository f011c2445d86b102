/**
 * The long work the core is doing right now — a backup, a restore, a report, a sync — so any screen can
 * show it (the header's « travail en cours »), whichever door asked and even when nobody did (the
 * background sync, the daily backup). Imports have their own, finer progress (import.progress).
 */
export interface Work {
  /** What staff read: « Sauvegarde de la base ». */
  label: string;
  done: number;
  /** null while the size of the work is unknown (a bar that only says it moves). */
  total: number | null;
  /** What `done` counts, in French: « pages », « lignes ». */
  unit: string;
}

export type Advance = (done: number, total: number | null) => void;

export class WorkInProgress {
  private readonly running = new Map<number, Work>();
  private next = 1;

  /** Runs `job`, listed until it ends (however it ends); `advance` moves its bar. */
  async run<T>(label: string, unit: string, job: (advance: Advance) => Promise<T>): Promise<T> {
    const id = this.next++;
    const work: Work = { label, done: 0, total: null, unit };
    this.running.set(id, work);
    try {
      return await job((done, total) => {
        work.done = done;
        work.total = total;
      });
    } finally {
      this.running.delete(id);
    }
  }

  list(): Work[] {
    return [...this.running.values()].map((work) => ({ ...work }));
  }
}
