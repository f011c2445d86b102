import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { prepareImportStatements } from '../../../db/queries/import-statements.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import type { CommuneResolver } from './communes.ts';
import type { KnownPeople } from './known-people.ts';
import { changedColumns, type PatronColumn, type StoredPatron, toRecord } from './patron-row.ts';
import type { Encoding } from './read/encoding.ts';
import { type PatronField, patronFieldLabels } from './read/fields.ts';
import { type Mapping, suggestMapping } from './read/mapping.ts';
import {
  type Issue,
  type NormalizeContext,
  type NormalizedRow,
  nameKey,
  normalizeRow,
  unreadableRow,
} from './read/normalize.ts';
import { packReport, type ReportRow } from './read/report.ts';
import { type RawTable, readTable } from './read/table.ts';
import { writeBatch } from './write-batch.ts';

export type ImportMode = 'incremental' | 'full';
export type Outcome = 'created' | 'updated' | 'unchanged' | 'rejected' | 'excluded';
export type PreviewFilter = Outcome | 'warning' | 'duplicate' | 'unregistered';
export interface Progress {
  phase: 'lecture' | 'analyse' | 'enregistrement';
  done: number;
  total: number;
}

export interface PreviewRow {
  /** The file's line; 0 for a stored patron the file no longer lists (full mode). */
  line: number;
  outcome: Outcome | 'unregistered';
  values: NormalizedRow['values'];
  /** The file's cells for the mapped fields, as read (what the user may fix). */
  cells: Partial<Record<PatronField, string>>;
  rejections: Issue[];
  warnings: Issue[];
  changed: PatronColumn[];
  possibleDuplicateOf: string | null;
}

export interface Counts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  excluded: number;
  warnings: number;
  possibleDuplicates: number;
  /** Patrons of the library absent from the file, marked as no longer registered in `full` mode. */
  unregistered: number;
}

interface RowState {
  line: number;
  cells: string[];
  error: string | undefined;
  /** Cells the user fixed in the preview; absent for the (many) rows nobody touched. */
  fixes: Partial<Record<PatronField, string>> | undefined;
  excluded: boolean;
  normalized: NormalizedRow;
  outcome: Outcome;
  rejections: readonly Issue[];
  changed: PatronColumn[];
  existing: StoredPatron | null;
  possibleDuplicateOf: string | null;
  /** Folded last|first names, computed once in the analysis and stored with the row. */
  nameKey: string;
}

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
  onProgress?: (progress: Progress) => void;
}

const progressEvery = 2000;
/** One shared empty list for the many rows that have nothing to list (100,000 rows, 100,000 arrays). */
const none: never[] = [];

/**
 * One import, from the file's bytes to a committed batch: read → map → normalise and validate → match →
 * preview (fix a cell, exclude rows) → commit in one transaction. Holds no connection of its own: every
 * call gets the database, so the session can live in a worker with that worker's connection.
 */
export class ImportSession {
  readonly fileSha256: string;
  table!: RawTable;
  mapping!: Mapping;
  mode: ImportMode;
  private rows: RowState[] = [];
  private unregistered: StoredPatron[] = [];
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
    this.context = { today: options.today, resolveCommune: options.resolveCommune };
  }

  static async open(db: BetterSqlite3.Database, options: SessionOptions): Promise<ImportSession> {
    const session = new ImportSession(options);
    await session.read(options.encoding, options.sheet);
    session.mapping = session.initialMapping();
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
    return this.previewRow(row);
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
      possibleDuplicates: 0,
      unregistered: this.unregistered.length,
    };
    for (const row of this.rows) {
      counts[row.outcome] += 1;
      if (row.outcome !== 'rejected' && row.outcome !== 'excluded' && row.normalized.warnings.length > 0)
        counts.warnings += 1;
      if (row.possibleDuplicateOf) counts.possibleDuplicates += 1;
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
      if (filter.outcome === 'warning')
        return row.outcome !== 'rejected' && row.outcome !== 'excluded' && row.normalized.warnings.length > 0;
      if (filter.outcome === 'duplicate') return row.possibleDuplicateOf !== null;
      return row.outcome === filter.outcome;
    });
    return {
      total: matching.length,
      rows: matching.slice(filter.offset, filter.offset + filter.limit).map((row) => this.previewRow(row)),
    };
  }

  /** The rejected rows and the rows imported with a warning, with their reasons, in file order. */
  *reportRows(): Generator<ReportRow> {
    for (const row of this.rows) {
      const rejected = row.outcome === 'rejected';
      if (!rejected && (row.outcome === 'excluded' || row.normalized.warnings.length === 0)) continue;
      yield {
        line: row.line,
        cardNumber: row.normalized.values.cardNumber,
        lastName: row.normalized.values.lastName,
        firstName: row.normalized.values.firstName,
        status: rejected ? 'rejected' : 'warning',
        reasons: (rejected ? row.rejections : row.normalized.warnings).map((issue) => issue.message),
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
      throw new AppError('NOTHING_TO_IMPORT', 'Aucune ligne importable : rien n’a été enregistré.');
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
    const table = await readTable(this.options.bytes, { fileName: this.options.fileName, encoding, sheet });
    const unread: NormalizedRow = { values: emptyValues(), rejections: [], warnings: [] };
    this.rows = table.rows.map((raw) => ({
      line: raw.line,
      cells: raw.cells,
      error: raw.error,
      fixes: undefined,
      excluded: false,
      normalized: unread,
      outcome: 'rejected',
      rejections: none,
      changed: none,
      existing: null,
      possibleDuplicateOf: null,
      nameKey: '',
    }));
    this.toNormalize = 'all';
    // The rows live in `this.rows`; the table keeps its first ones for the sample and the suggestions.
    this.table = { ...table, rows: table.rows.slice(0, 50) };
    this.options.onProgress?.({ phase: 'lecture', done: 1, total: 1 });
  }

  /** Normalises, validates and matches every row against the file itself and the database. */
  private analyse(db: BetterSqlite3.Database) {
    const statements = prepareImportStatements(db);
    const stored = new Map<string, StoredPatron>();
    for (const patron of statements.libraryPatrons.iterate(
      this.options.libraryId,
    ) as Iterable<StoredPatron>) {
      stored.set(patron.card_number, patron);
    }
    const firstLineOfCard = new Map<string, number>();
    const toNormalize = this.toNormalize;
    this.toNormalize = new Set();
    // Rows that may be a patron of another library (names + birth date), looked up together at the end.
    const candidates: RowState[] = [];
    const knownPeople = this.options.knownPeople.refresh();
    const total = this.rows.length;

    this.rows.forEach((row, index) => {
      if (index % progressEvery === 0) this.options.onProgress?.({ phase: 'analyse', done: index, total });
      if (toNormalize === 'all' || toNormalize.has(row)) {
        row.normalized = normalizeRow(
          withFixes(row.cells, row.fixes, this.mapping),
          this.mapping,
          this.context,
        );
      }
      // A row the reader could not split cleanly (an unclosed quote, extra cells) is imported only once fixed.
      row.rejections = row.normalized.rejections;
      if (row.error && !row.fixes) row.rejections = [unreadableRow(row.error), ...row.rejections];
      row.changed = none;
      row.existing = null;
      row.possibleDuplicateOf = null;
      const card = row.normalized.values.cardNumber;
      if (row.excluded) {
        row.outcome = 'excluded';
        return;
      }
      if (card && row.rejections.length === 0) {
        const first = firstLineOfCard.get(card);
        if (first === undefined) firstLineOfCard.set(card, row.line);
        else {
          row.rejections = [
            {
              field: 'cardNumber',
              code: 'duplicate_card_in_file',
              message: `N° de carte ${card} déjà présent ligne ${first} du fichier.`,
            },
          ];
        }
      }
      if (row.rejections.length > 0 || !card) {
        row.outcome = 'rejected';
        return;
      }
      const { birthDate, lastName, firstName } = row.normalized.values;
      row.nameKey = nameKey(lastName, firstName);
      const existing = stored.get(card);
      if (existing) {
        row.existing = existing;
        row.changed = changedColumns(existing, toRecord(row.normalized.values));
        row.outcome = row.changed.length > 0 ? 'updated' : 'unchanged';
        return;
      }
      row.outcome = 'created';
      if (birthDate && lastName && knownPeople.mayHave(row.nameKey, birthDate)) candidates.push(row);
    });
    if (candidates.length > 0) {
      const pairs = JSON.stringify(candidates.map((row) => [row.nameKey, row.normalized.values.birthDate]));
      const found = statements.sameOtherPeople.all({ library: this.options.libraryId, pairs }) as {
        at: number;
        id: string;
      }[];
      for (const { at, id } of found) (candidates[at] as RowState).possibleDuplicateOf = id;
    }

    this.unregistered =
      this.mode === 'full'
        ? [...stored.values()].filter((p) => p.registered === 1 && !firstLineOfCard.has(p.card_number))
        : [];
    this.options.onProgress?.({ phase: 'analyse', done: total, total });
  }

  /** The saved profile where its headers are in this file, suggestions for the other fields. */
  private initialMapping(): Mapping {
    const { headers, rows } = this.table;
    const suggested = suggestMapping(
      headers,
      rows.slice(0, 50).map((r) => r.cells),
    );
    const profile = this.options.profile;
    if (!profile) return suggested;
    const mapping: Mapping = {};
    for (const [field, header] of Object.entries(profile) as [PatronField, string][]) {
      const index = headers.indexOf(header);
      if (index >= 0) mapping[field] = index;
    }
    const used = new Set(Object.values(mapping));
    for (const [field, index] of Object.entries(suggested) as [PatronField, number][]) {
      if (mapping[field] === undefined && !used.has(index)) mapping[field] = index;
    }
    return mapping;
  }

  private requireRow(line: number): RowState {
    const row = this.rows.find((r) => r.line === line);
    if (!row) throw new AppError('NOT_FOUND', `La ligne ${line} n’existe pas dans ce fichier.`);
    return row;
  }

  private previewRow(row: RowState): PreviewRow {
    const cells: Partial<Record<PatronField, string>> = {};
    for (const [field, index] of Object.entries(this.mapping) as [PatronField, number][]) {
      cells[field] = row.fixes?.[field] ?? row.cells[index] ?? '';
    }
    return {
      line: row.line,
      outcome: row.outcome,
      values: row.normalized.values,
      cells,
      // Copies: a row's issues may be shared with other rows (see normalize.ts).
      rejections: [...row.rejections],
      warnings: [...row.normalized.warnings],
      changed: row.changed,
      possibleDuplicateOf: row.possibleDuplicateOf,
    };
  }
}

function unregisteredRow(patron: StoredPatron): PreviewRow {
  return {
    line: 0,
    outcome: 'unregistered',
    values: {
      ...emptyValues(),
      cardNumber: patron.card_number,
      lastName: patron.last_name as string,
      firstName: patron.first_name as string | null,
      email: patron.email as string | null,
      expiresOn: patron.expires_on as string | null,
    },
    cells: {},
    rejections: [],
    warnings: [],
    changed: none,
    possibleDuplicateOf: null,
  };
}

function withFixes(
  cells: string[],
  fixes: Partial<Record<PatronField, string>> | undefined,
  mapping: Mapping,
): string[] {
  if (!fixes) return cells;
  const entries = Object.entries(fixes) as [PatronField, string][];
  const copy = [...cells];
  for (const [field, value] of entries) {
    const index = mapping[field];
    if (index !== undefined) copy[index] = value;
  }
  return copy;
}

function emptyValues(): NormalizedRow['values'] {
  return {
    cardNumber: null,
    lastName: null,
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
  };
}
