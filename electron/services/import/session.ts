import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { prepareImportStatements } from '../../../db/queries/import-statements.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import type { CommuneResolver } from './communes.ts';
import { DuplicateFinder } from './duplicates.ts';
import type { KnownPeople } from './known-people.ts';
import { LibraryPatronsCache } from './library-patrons.ts';
import {
  cellText,
  fingerprintOfStored,
  fingerprintOfValues,
  type HashedCells,
  isPlain,
} from './line-fingerprint.ts';
import { type StoredPatron, valuesOf } from './patron-row.ts';
import { cleanText } from './read/clean.ts';
import type { Encoding } from './read/encoding.ts';
import { type PatronField, patronFieldLabels } from './read/fields.ts';
import { type Mapping, mappingWithProfile, suggestMapping } from './read/mapping.ts';
import { nameKey } from './read/name-key.ts';
import {
  isFileProblem,
  knownRow,
  type NormalizeContext,
  type NormalizedRow,
  normalizeRow,
} from './read/normalize.ts';
import { packReport, type ReportRow } from './read/report.ts';
import { type RawTable, readTableRows, type TableRows } from './read/table.ts';
import { RowMatcher } from './session-match.ts';
import {
  type Counts,
  emptyValues,
  type ImportMode,
  none,
  type PreviewFilter,
  type Progress,
  previewRowOf,
  type RowState,
  unregisteredRow,
  withFixes,
} from './session-rows.ts';
import { writeBatch } from './write-batch.ts';

export interface SessionOptions {
  libraryId: string;
  fileName: string;
  bytes: Buffer;
  mode: ImportMode;
  encoding?: Encoding;
  sheet?: string;
  /** A saved profile (field → header name); fields it does not place are suggested from headers and values. */
  profile?: Partial<Record<PatronField, string>>;
  today: string;
  resolveCommune: CommuneResolver;
  /** The stored patrons' names and birth dates, hashed: who may be a possible duplicate. */
  knownPeople: KnownPeople;
  /** The library's stored patrons, when the worker read them before the file came (`prepare`). */
  library?: LibraryPatronsCache;
  /** What a row's reading depends on besides its cells (line-fingerprint.ts `fingerprintSeed`). */
  fingerprintSeed: number;
  onProgress?: (progress: Progress) => void;
}

const progressEvery = 2000;

/**
 * One import, from the file's bytes to a committed batch: read → map → normalise and validate → match →
 * preview (fix a cell, exclude rows) → commit in one transaction. Holds no connection of its own: every
 * call gets the database, so the session can live in a worker with that worker's connection.
 */
export class ImportSession {
  readonly fileSha256: string;
  table!: RawTable;
  /** Shapes a row from its range (read/table.ts): the rows keep no cells once normalised. */
  private shape!: TableRows['shape'];
  private cellBounds!: TableRows['cellBounds'];
  mapping!: Mapping;
  mode: ImportMode;
  private rows: RowState[] = [];
  private unregistered: StoredPatron[] = [];
  private readonly library: LibraryPatronsCache;
  /**
   * Rows whose cells must be normalised again at the next analysis: all of them after a read or a new
   * mapping, one after a fixed cell; excluding rows or changing the mode only matches again.
   */
  private toNormalize: 'all' | Set<RowState> = 'all';

  get fileName(): string {
    return this.options.fileName;
  }

  /** One per session: what normalisation memoises (dates, communes, warnings) lives as long as the import. */
  private readonly context: NormalizeContext;

  private constructor(private readonly options: SessionOptions) {
    this.fileSha256 = createHash('sha256').update(options.bytes).digest('hex');
    this.mode = options.mode;
    this.library =
      options.library?.libraryId === options.libraryId
        ? options.library
        : new LibraryPatronsCache(options.libraryId);
    this.context = { today: options.today, resolveCommune: options.resolveCommune };
  }

  static async open(db: BetterSqlite3.Database, options: SessionOptions): Promise<ImportSession> {
    const session = new ImportSession(options);
    await session.read(options.encoding, options.sheet);
    const { headers, rows } = session.table;
    session.mapping = mappingWithProfile(
      suggestMapping(
        headers,
        rows.slice(0, 50).map((r) => r.cells),
        options.today,
      ),
      headers,
      options.profile,
    );
    session.analyse(db);
    return session;
  }

  /** Redraws everything from the original bytes with another encoding or sheet. */
  async reread(db: BetterSqlite3.Database, encoding: Encoding | undefined, sheet: string | undefined) {
    await this.read(encoding, sheet);
    this.analyse(db);
  }

  setMapping(db: BetterSqlite3.Database, mapping: Mapping) {
    this.mapping = mapping;
    this.toNormalize = 'all';
    this.analyse(db);
  }

  setMode(db: BetterSqlite3.Database, mode: ImportMode) {
    this.mode = mode;
    this.analyse(db);
  }

  fixCell(db: BetterSqlite3.Database, line: number, field: PatronField, value: string) {
    const row = this.requireRow(line);
    if (this.mapping[field] === undefined) {
      throw new AppError(
        'INVALID_INPUT',
        `La colonne « ${patronFieldLabels[field]} » n’est pas associée : associez-la d’abord.`,
      );
    }
    row.fixes = { ...row.fixes, [field]: value };
    if (this.toNormalize !== 'all') this.toNormalize.add(row);
    this.analyse(db);
    return previewRowOf(this.mapping, row, this.cellsOf(row));
  }

  exclude(db: BetterSqlite3.Database, lines: number[], excluded: boolean) {
    for (const line of lines) this.requireRow(line).excluded = excluded;
    this.analyse(db);
  }

  counts(): Counts {
    const counts: Counts = {
      rows: this.rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      excluded: 0,
      warnings: 0,
      expired: 0,
      possibleDuplicates: 0,
      unregistered: this.unregistered.length,
    };
    for (const row of this.rows) {
      counts[row.outcome] += 1;
      if (row.outcome !== 'rejected' && row.outcome !== 'excluded') {
        if (hasFileProblem(row)) counts.warnings += 1;
        if (isExpired(row)) counts.expired += 1;
      }
      if (row.duplicate) counts.possibleDuplicates += 1;
    }
    return counts;
  }

  preview(filter: { outcome?: PreviewFilter; offset: number; limit: number }) {
    if (filter.outcome === 'unregistered') {
      // Not rows of the file: the library's patrons a full import would mark as no longer registered.
      return {
        total: this.unregistered.length,
        rows: this.unregistered.slice(filter.offset, filter.offset + filter.limit).map(unregisteredRow),
      };
    }
    const matching = this.rows.filter((row) => {
      if (!filter.outcome) return true;
      const imported = row.outcome !== 'rejected' && row.outcome !== 'excluded';
      if (filter.outcome === 'warning') return imported && hasFileProblem(row);
      if (filter.outcome === 'expired') return imported && isExpired(row);
      if (filter.outcome === 'duplicate') return row.duplicate !== null;
      return row.outcome === filter.outcome;
    });
    return {
      total: matching.length,
      rows: matching
        .slice(filter.offset, filter.offset + filter.limit)
        .map((row) => previewRowOf(this.mapping, row, this.cellsOf(row))),
    };
  }

  /**
   * What the library has to correct, in file order: the rejected rows, and the rows imported with a
   * problem of the file (an expired card is not one), each with its reasons.
   */
  *reportRows(): Generator<ReportRow> {
    for (const row of this.rows) {
      const rejected = row.outcome === 'rejected';
      if (!rejected && (row.outcome === 'excluded' || !hasFileProblem(row))) continue;
      yield {
        line: row.line,
        cardNumber: row.normalized.values.cardNumber,
        lastName: row.normalized.values.lastName,
        firstName: row.normalized.values.firstName,
        status: rejected ? 'rejected' : 'warning',
        reasons: (rejected ? row.rejections : row.normalized.warnings.filter(isFileProblem)).map(
          (issue) => issue.message,
        ),
      };
    }
  }

  /**
   * Writes the batch (write-batch.ts) in one transaction, with its report: nothing is written if any
   * statement fails or the process dies before the end.
   */
  commit(
    db: BetterSqlite3.Database,
    actor: string,
    now: Date,
    /** Runs last inside the transaction: it may wait, or throw to roll everything back. */
    beforeCommit?: () => void,
  ): { batchId: string; counts: Counts } {
    const counts = this.counts();
    if (counts.created + counts.updated + counts.unregistered === 0 && counts.unchanged === 0) {
      throw new AppError(
        'NOTHING_TO_IMPORT',
        `Aucune ligne importable dans « ${this.options.fileName} » (${counts.rejected} rejetée${counts.rejected > 1 ? 's' : ''}) : rien n’a été enregistré.`,
      );
    }
    const batchId = uuidv7(now.getTime());
    writeBatch(
      db,
      {
        id: batchId,
        libraryId: this.options.libraryId,
        fileName: this.options.fileName,
        fileSha256: this.fileSha256,
        mode: this.mode,
        actor,
        at: now.toISOString(),
        counts,
        report: packReport(this.reportRows()),
        rows: this.rows,
        unregistered: this.unregistered,
      },
      {
        onProgress: (done, total) => this.options.onProgress?.({ phase: 'enregistrement', done, total }),
        beforeCommit,
      },
    );
    return { batchId, counts };
  }

  private async read(encoding: Encoding | undefined, sheet: string | undefined) {
    this.options.onProgress?.({ phase: 'lecture', done: 0, total: 1 });
    const table = await readTableRows(this.options.bytes, {
      fileName: this.options.fileName,
      encoding,
      sheet,
    });
    const unread: NormalizedRow = { values: emptyValues(), rejections: [], warnings: [], notes: [] };
    this.shape = table.shape;
    this.cellBounds = table.cellBounds;
    this.rows = table.rows.map((raw) => {
      // A row read with its cells (a workbook's, an unreadable one) is shaped now; a range, when normalised.
      const shaped = raw.cells ? table.shape(raw) : null;
      return {
        line: raw.line,
        cells: shaped?.cells ?? null,
        start: raw.start ?? -1,
        end: raw.end ?? -1,
        error: shaped?.error,
        fixes: undefined,
        excluded: false,
        normalized: unread,
        outcome: 'rejected',
        rejections: none,
        changed: none,
        existing: null,
        duplicate: null,
        nameKey: '',
        fingerprint: null,
        known: null,
      };
    });
    this.toNormalize = 'all';
    // The rows live in `this.rows`; the table keeps its first ones for the sample and the suggestions.
    const { shape, cellBounds, ...read } = table;
    this.table = { ...read, rows: table.rows.slice(0, 50).map(shape) };
    this.options.onProgress?.({ phase: 'lecture', done: 1, total: 1 });
  }

  /**
   * Normalises and validates the rows that need it, then matches every row (session-match.ts): against the
   * file itself, the library's stored patrons, and the people already known.
   */
  private analyse(db: BetterSqlite3.Database) {
    const statements = prepareImportStatements(db);
    const { stored, emails } = this.library.read(db, statements);
    const duplicates = new DuplicateFinder(
      this.options.libraryId,
      this.options.knownPeople.refresh(),
      emails,
    );
    const matcher = new RowMatcher(stored, duplicates);
    const toNormalize = this.toNormalize;
    this.toNormalize = new Set();
    const total = this.rows.length;

    this.rows.forEach((row, index) => {
      if (index % progressEvery === 0) this.options.onProgress?.({ phase: 'analyse', done: index, total });
      if (toNormalize === 'all' || toNormalize.has(row)) this.readRow(row, stored);
      matcher.match(row);
    });
    duplicates.finish(statements);

    this.unregistered =
      this.mode === 'full'
        ? [...stored.values()].filter((p) => p.registered === 1 && !matcher.namesCard(p.card_number))
        : [];
    this.options.onProgress?.({ phase: 'analyse', done: total, total });
  }

  /**
   * Normalises a row, unless it is the very row a stored patron was last imported from, with the values it
   * still has (line-fingerprint.ts): most of a re-import's rows are, and they are taken as they are.
   */
  private readRow(row: RowState, stored: Map<string, StoredPatron>) {
    // A CSV row is first hashed in the file's text (table.ts `cellBounds`): a known one is never split.
    const bounds = row.cells || row.fixes || row.error ? null : this.cellBounds(row.start, row.end);
    if (bounds && this.isKnownRow(row, stored, bounds)) return;
    const cells = withFixes(this.cellsOf(row), row.fixes, this.mapping);
    if (!bounds && !row.error && this.isKnownRow(row, stored, cells)) return;
    row.known = null;
    row.normalized = normalizeRow(cells, this.mapping, this.context);
    // Once per normalisation, not per analysis: a new string per row each time was garbage.
    row.nameKey = nameKey(row.normalized.values.lastName, row.normalized.values.firstName);
    row.fingerprint =
      isPlain(row.normalized) && !row.error
        ? fingerprintOfValues(this.options.fingerprintSeed, this.mapping, cells, row.normalized.values)
        : null;
  }

  /** Takes the row as its stored patron's values when its cells hash to the patron's fingerprint. */
  private isKnownRow(row: RowState, stored: Map<string, StoredPatron>, cells: HashedCells): boolean {
    const cardIndex = this.mapping.cardNumber;
    if (cardIndex === undefined) return false;
    const patron = stored.get(cleanText(cellText(cells, cardIndex)));
    if (patron?.import_fingerprint == null) return false;
    const fingerprint = fingerprintOfStored(this.options.fingerprintSeed, this.mapping, cells, patron);
    if (fingerprint !== patron.import_fingerprint) return false;
    row.normalized = knownRow(valuesOf(patron), this.context);
    row.nameKey = patron.name_key;
    row.fingerprint = fingerprint;
    row.known = patron;
    return true;
  }

  /**
   * A row's cells as read: kept (a workbook's row, an unreadable one), else split again from the file's text
   * (a preview page, a fixed cell, a new mapping). A row found unreadable then (more cells than the header,
   * a repeated header) keeps its cells and its error from the first time.
   */
  private cellsOf(row: RowState): readonly string[] {
    if (row.cells) return row.cells;
    const shaped = this.shape({ line: row.line, start: row.start, end: row.end });
    if (shaped.error) {
      row.error = shaped.error;
      row.cells = shaped.cells;
    }
    return shaped.cells;
  }

  private requireRow(line: number): RowState {
    const row = this.rows.find((r) => r.line === line);
    if (!row) throw new AppError('NOT_FOUND', `La ligne ${line} n’existe pas dans ce fichier.`);
    return row;
  }
}

const hasFileProblem = (row: RowState) => row.normalized.warnings.some(isFileProblem);
const isExpired = (row: RowState) => row.normalized.warnings.some((issue) => !isFileProblem(issue));
