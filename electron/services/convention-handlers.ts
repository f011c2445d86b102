import { findConvention, listConventions } from '../../db/queries/conventions.ts';
import { deleteRow, insertRow, updateRow } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import { storeBands } from '../../shared/domain/contributions/bands.ts';
import { type ConventionTerms, periodsOverlap } from '../../shared/domain/convention.ts';
import { formatDateFr } from '../../shared/domain/dates.ts';
import { parseEuros, parseRate } from '../../shared/domain/money.ts';
import { AppError } from '../../shared/errors.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { storeDocument } from './conventions.ts';
import { requireEpci } from './epci-handlers.ts';

type ConventionHandlers = Pick<
  Handlers,
  'convention.add' | 'convention.update' | 'convention.remove' | 'convention.attachDocument'
>;

const maxDocumentBytes = 30 * 1024 * 1024;

/** The contract's terms as the `convention` row stores them: exact money, bands as JSON. */
function columnsOf(terms: ConventionTerms) {
  return {
    reference: terms.reference,
    signed_on: terms.signedOn,
    start_on: terms.start,
    end_on: terms.end,
    rate_e4: parseRate(terms.rate) as number,
    basis: terms.basis,
    millesime: terms.millesime,
    perimeter: terms.perimeter,
    prorata: terms.prorata,
    floor_cents: terms.floor === null ? null : parseEuros(terms.floor),
    cap_cents: terms.cap === null ? null : parseEuros(terms.cap),
    bands: storeBands(terms.bands),
  };
}

export function conventionHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'documentsDir' | 'now'>,
): ConventionHandlers {
  const { db } = context.database;
  const { departement } = context;
  const change = (actor: string, epci: string) => ({ actor, now: context.now(), epci });

  async function requireConvention(id: string) {
    const convention = await findConvention(db, id);
    if (!convention) throw new AppError('NOT_FOUND', 'Cette convention n’existe plus.');
    return convention;
  }

  /** One convention at a time per EPCI: another whose period meets this one's is refused, in French. */
  async function refuseOverlap(
    trx: typeof db,
    epci: string,
    terms: { start: string; end: string | null },
    self: string | null,
  ) {
    const clash = (await listConventions(trx, epci)).find(
      (other) =>
        other.id !== self &&
        periodsOverlap({ start: terms.start, end: terms.end }, { start: other.start_on, end: other.end_on }),
    );
    if (clash) {
      const until = clash.end_on ? `au ${formatDateFr(clash.end_on)}` : 'sans date de fin';
      throw new AppError(
        'CONVENTION_OVERLAP',
        `Cette convention chevauche celle du ${formatDateFr(clash.start_on)} ${until}${clash.reference ? ` (${clash.reference})` : ''} : une collectivité n’a qu’une convention à la fois.`,
      );
    }
  }

  return {
    async 'convention.add'({ epci, by, ...terms }) {
      await requireEpci(db, departement, epci);
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        await refuseOverlap(trx, epci, terms, null);
        const id = await insertRow(
          trx,
          'convention',
          {
            epci_siren: epci,
            ...columnsOf(terms),
            document_name: null,
            document_sha256: null,
            document_size: null,
          },
          change(actor, epci),
        );
        return { id };
      });
    },

    async 'convention.update'({ id, by, ...terms }) {
      const convention = await requireConvention(id);
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        await refuseOverlap(trx, convention.epci_siren, terms, id);
        const changed = await updateRow(
          trx,
          'convention',
          id,
          columnsOf(terms),
          change(actor, convention.epci_siren),
        );
        return { id, changed };
      });
    },

    async 'convention.remove'({ id, by }) {
      const convention = await requireConvention(id);
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        await deleteRow(trx, 'convention', id, change(actor, convention.epci_siren));
        return { id };
      });
    },

    async 'convention.attachDocument'({ id, fileName, content, by }) {
      const convention = await requireConvention(id);
      const bytes = Buffer.from(content, 'base64');
      if (bytes.length > maxDocumentBytes)
        throw new AppError('FILE_UNREADABLE', 'Document trop volumineux (30 Mo au plus).');
      if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
        throw new AppError(
          'FILE_UNREADABLE',
          `« ${fileName} » n’est pas un PDF : joignez la convention signée au format PDF.`,
        );
      }
      const actor = await resolveActor(db, by);
      // The file is in place, under its checksum, before the row points to it.
      const { sha256 } = storeDocument(context.documentsDir, id, bytes);
      await db.transaction().execute(async (trx) => {
        await updateRow(
          trx,
          'convention',
          id,
          { document_name: fileName, document_sha256: sha256, document_size: bytes.length },
          change(actor, convention.epci_siren),
        );
      });
      return { fileName, sha256, size: bytes.length };
    },
  };
}
