import type { Kysely } from 'kysely';
import { listConventions } from '../../db/queries/conventions.ts';
import {
  epciHasCommuneIn,
  findEpci,
  listEpci,
  listGeographyCommunes,
  listMembers,
} from '../../db/queries/epci.ts';
import {
  findContact,
  findFollowUp,
  followUpsBySiren,
  listContacts,
  listEvents,
  statusBySiren,
} from '../../db/queries/followup.ts';
import { countLibraries, librariesPerEpci, selectLibraries } from '../../db/queries/libraries.ts';
import { departementPopulation, epciPopulation } from '../../db/queries/populations.ts';
import type { Database } from '../../db/schema.ts';
import { deleteRow, insertRow, updateRow } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import { today } from '../../shared/domain/dates.ts';
import { type EpciType, inForceYear } from '../../shared/domain/epci.ts';
import {
  allowedMoves,
  isAllowedMove,
  negotiatingStatuses,
  type OnboardingStatus,
  onboardingStatuses,
  refusedMoveMessage,
} from '../../shared/domain/onboarding.ts';
import { AppError } from '../../shared/errors.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';
import { toConvention } from './conventions.ts';
import { toLibrary } from './libraries.ts';
import { currentMillesime, resolveMillesime, sourceOf } from './reference.ts';

type EpciHandlers = Pick<
  Handlers,
  | 'epci.list'
  | 'epci.get'
  | 'epci.setStatus'
  | 'epci.updateFollowUp'
  | 'epci.addNote'
  | 'rollout.summary'
  | 'commune.list'
  | 'contact.add'
  | 'contact.update'
  | 'contact.remove'
>;

/** An EPCI of the configured département (one of its communes is there in the current geography). */
export async function requireEpci(db: Kysely<Database>, departement: string, siren: string) {
  const epci = await findEpci(db, siren);
  if (!epci || !(await epciHasCommuneIn(db, siren, departement, await currentMillesime(db, departement))))
    throw new AppError('NOT_FOUND', `Aucune collectivité ne porte le SIREN ${siren}.`);
  return epci;
}

export function epciHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'documentsDir' | 'now'>,
): EpciHandlers {
  const { db } = context.database;
  const { departement } = context;
  const change = (actor: string, epci: string) => ({ actor, now: context.now(), epci });

  /** The follow-up row, created as "not contacted" the first time staff touch an EPCI. */
  async function followUpOf(trx: Kysely<Database>, siren: string, actor: string) {
    const existing = await findFollowUp(trx, siren);
    if (existing) return existing;
    await insertRow(
      trx,
      'epci_followup',
      { epci_siren: siren, status: 'not_contacted', next_action: '', next_action_due: null },
      change(actor, siren),
    );
    return (await findFollowUp(trx, siren)) as NonNullable<Awaited<ReturnType<typeof findFollowUp>>>;
  }

  return {
    async 'epci.list'({ millesime: asked }) {
      const millesime = await resolveMillesime(db, departement, asked);
      const [rows, followUps, libraries] = await Promise.all([
        listEpci(db, departement, millesime),
        followUpsBySiren(db),
        librariesPerEpci(db, await currentMillesime(db, departement)),
      ]);
      // A due date is overdue from the day after it, by the context's clock (tests pin it).
      const day = today(context.now());
      return rows.map((row) => {
        const followUp = followUps.get(row.siren);
        const due = followUp?.next_action_due ?? null;
        return {
          siren: row.siren,
          name: row.name,
          type: row.type as EpciType,
          communes: row.communes,
          millesime,
          population: { municipale: row.municipale, totale: row.totale },
          status: (followUp?.status ?? 'not_contacted') as OnboardingStatus,
          libraries: libraries.get(row.siren) ?? 0,
          followUp: {
            nextAction: followUp?.next_action ?? '',
            nextActionDue: due,
            overdue: due !== null && due < day,
          },
        };
      });
    },

    async 'epci.get'({ siren, millesime: asked }) {
      const epci = await requireEpci(db, departement, siren);
      const millesime = await resolveMillesime(db, departement, asked);
      const [members, followUp, events, contacts, conventions, libraries, source] = await Promise.all([
        listMembers(db, siren, millesime),
        findFollowUp(db, siren),
        listEvents(db, siren),
        listContacts(db, siren),
        listConventions(db, siren),
        selectLibraries(db, await currentMillesime(db, departement))
          .where('m.epci_siren', '=', siren)
          .execute(),
        sourceOf(db, departement, millesime),
      ]);
      const status = (followUp?.status ?? 'not_contacted') as OnboardingStatus;
      const sum = (basis: 'municipale' | 'totale') =>
        members.reduce((total, member) => total + member[basis], 0);
      return {
        siren: epci.siren,
        name: epci.name,
        type: epci.type as EpciType,
        status,
        allowedMoves: allowedMoves(status),
        departement,
        millesime,
        inForceYear: inForceYear(millesime),
        source,
        population: { municipale: sum('municipale'), totale: sum('totale') },
        followUp: {
          nextAction: followUp?.next_action ?? '',
          nextActionDue: followUp?.next_action_due ?? null,
        },
        history: events
          .filter((event) => event.kind === 'status')
          .map((event) => ({
            id: event.id,
            status: event.to_status as OnboardingStatus,
            from: event.from_status as OnboardingStatus | null,
            at: event.at,
            by: event.by,
            note: event.note,
          })),
        notes: events
          .filter((event) => event.kind === 'note')
          .map((event) => ({ id: event.id, at: event.at, by: event.by, text: event.note })),
        contacts,
        conventions: await Promise.all(
          conventions.map((row) => toConvention(db, row, departement, context.documentsDir)),
        ),
        libraries: libraries.map(toLibrary),
        communes: members.map((member) => ({
          insee: member.insee,
          name: member.name,
          departement: member.departement,
          inDepartement: member.departement === departement,
          population: { municipale: member.municipale, totale: member.totale },
        })),
      };
    },

    async 'epci.setStatus'({ siren, status, note, by }) {
      await requireEpci(db, departement, siren);
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const followUp = await followUpOf(trx, siren, actor);
        const from = followUp.status as OnboardingStatus;
        if (!isAllowedMove(from, status))
          throw new AppError('STATUS_MOVE_REFUSED', refusedMoveMessage(from, status));
        if (status === 'convention_signed' && (await listConventions(trx, siren)).length === 0) {
          throw new AppError(
            'CONVENTION_REQUIRED',
            'Passage refusé : enregistrez d’abord la convention (taux, dates, base de population) avant de la dire signée.',
          );
        }
        await updateRow(trx, 'epci_followup', followUp.id, { status }, change(actor, siren));
        const at = context.now().toISOString();
        const id = await insertRow(
          trx,
          'epci_event',
          { epci_siren: siren, kind: 'status', from_status: from, to_status: status, note, at, by: actor },
          change(actor, siren),
        );
        return { id, status, from, at, by: actor, note };
      });
    },

    async 'epci.updateFollowUp'({ siren, nextAction, nextActionDue, by }) {
      await requireEpci(db, departement, siren);
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const followUp = await followUpOf(trx, siren, actor);
        const changed = await updateRow(
          trx,
          'epci_followup',
          followUp.id,
          { next_action: nextAction, next_action_due: nextActionDue },
          change(actor, siren),
        );
        return { changed };
      });
    },

    async 'epci.addNote'({ siren, text, by }) {
      await requireEpci(db, departement, siren);
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const at = context.now().toISOString();
        const id = await insertRow(
          trx,
          'epci_event',
          { epci_siren: siren, kind: 'note', from_status: null, to_status: null, note: text, at, by: actor },
          change(actor, siren),
        );
        return { id };
      });
    },

    async 'rollout.summary'({ millesime: asked }) {
      const millesime = await resolveMillesime(db, departement, asked);
      const [epci, statuses, libraries, total] = await Promise.all([
        listEpci(db, departement, millesime),
        statusBySiren(db),
        countLibraries(db),
        departementPopulation(db, departement, millesime, 'municipale'),
      ]);
      const byStatus = Object.fromEntries(onboardingStatuses.map((s) => [s, 0])) as Record<
        OnboardingStatus,
        number
      >;
      let covered = 0;
      for (const e of epci) {
        const status = statuses.get(e.siren) ?? 'not_contacted';
        byStatus[status] += 1;
        if (status === 'active') {
          const figure = await epciPopulation(db, {
            siren: e.siren,
            millesime,
            basis: 'municipale',
            perimeter: 'departement',
            departement,
          });
          covered += figure.value ?? 0;
        }
      }
      return {
        millesime,
        epci: epci.length,
        active: byStatus.active,
        negotiating: negotiatingStatuses.reduce((n, s) => n + byStatus[s], 0),
        byStatus,
        coveredPopulation: covered,
        departementPopulation: total,
        librariesParticipating: libraries.participating,
        libraries: libraries.all,
      };
    },

    async 'commune.list'() {
      return listGeographyCommunes(db, departement, await currentMillesime(db, departement));
    },

    async 'contact.add'({ siren, by, ...fields }) {
      await requireEpci(db, departement, siren);
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const id = await insertRow(trx, 'contact', { epci_siren: siren, ...fields }, change(actor, siren));
        return { id, ...fields };
      });
    },

    async 'contact.update'({ id, by, ...fields }) {
      return db.transaction().execute(async (trx) => {
        const contact = await findContact(trx, id);
        if (!contact) throw new AppError('NOT_FOUND', 'Ce contact n’existe plus.');
        const actor = await resolveActor(trx, by);
        await updateRow(trx, 'contact', id, fields, change(actor, contact.epci_siren));
        return { id, ...fields };
      });
    },

    async 'contact.remove'({ id, by }) {
      return db.transaction().execute(async (trx) => {
        const contact = await findContact(trx, id);
        if (!contact) throw new AppError('NOT_FOUND', 'Ce contact n’existe plus.');
        const actor = await resolveActor(trx, by);
        await deleteRow(trx, 'contact', id, change(actor, contact.epci_siren));
        return { id };
      });
    },
  };
}
