import type { Kysely } from 'kysely';
import { findScenario, findScenarios, listScenarios } from '../../db/queries/scenarios.ts';
import type { Database, ScenarioTable } from '../../db/schema.ts';
import { deleteRow, insertRow, updateRow } from '../../db/write.ts';
import type { Handlers } from '../../shared/contract.ts';
import type { Scenario } from '../../shared/domain/contributions/index.ts';
import { readStoredConventions, type StoredScenario } from '../../shared/domain/scenarios.ts';
import { AppError } from '../../shared/errors.ts';
import { resolveActor } from './actor.ts';
import type { AppContext } from './context.ts';

type ScenarioHandlers = Pick<
  Handlers,
  | 'scenario.list'
  | 'scenario.get'
  | 'scenario.save'
  | 'scenario.duplicate'
  | 'scenario.remove'
  | 'scenario.setStatus'
>;

const notFound = () => new AppError('NOT_FOUND', 'Ce scénario n’existe pas (supprimé entre-temps ?).');

/** A stored row as the contract says it. Conventions were checked on the way in (here or by the server). */
export function scenarioView(row: ScenarioTable): StoredScenario {
  return {
    id: row.id,
    name: row.name,
    year: row.year,
    author: row.author,
    notes: row.notes,
    status: row.status,
    conventions: readStoredConventions(row.conventions) ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The scenarios a computation or a workbook asks for, in its order: a stored one by id (NOT_FOUND when it
 * is gone), or one given whole.
 */
export async function resolveScenarios(
  db: Kysely<Database>,
  refs: readonly ({ id: string } | Scenario)[],
): Promise<Scenario[]> {
  const ids = refs.flatMap((ref) => ('id' in ref ? [ref.id] : []));
  const stored = new Map((await findScenarios(db, ids)).map((row) => [row.id, scenarioView(row)]));
  return refs.map((ref) => {
    if (!('id' in ref)) return ref;
    const found = stored.get(ref.id);
    if (!found) throw notFound();
    return { name: found.name, year: found.year, conventions: found.conventions };
  });
}

/**
 * Stored contribution scenarios: written through db/write.ts (journal lines, sync outbox) like every
 * staff-edited table; `conventions` is stored as the scenario file's JSON array.
 */
export function scenarioHandlers(context: Pick<AppContext, 'database' | 'now'>): ScenarioHandlers {
  const { db } = context.database;

  async function get(trx: Kysely<Database>, id: string): Promise<StoredScenario> {
    const row = await findScenario(trx, id);
    if (!row) throw notFound();
    return scenarioView(row);
  }

  return {
    async 'scenario.list'({ year }) {
      return (await listScenarios(db, year)).map(scenarioView);
    },

    async 'scenario.get'({ id }) {
      return get(db, id);
    },

    async 'scenario.save'({ id, by, name, year, conventions, notes, author, status }) {
      return db.transaction().execute(async (trx) => {
        const actor = await resolveActor(trx, by);
        const change = { actor, now: context.now() };
        const fields = { name, year, conventions: JSON.stringify(conventions) };
        if (id === undefined) {
          const created = await insertRow(
            trx,
            'scenario',
            {
              ...fields,
              author: author ?? actor,
              notes: notes ?? '',
              status: status ?? 'brouillon',
            },
            change,
          );
          return get(trx, created);
        }
        await get(trx, id);
        await updateRow(
          trx,
          'scenario',
          id,
          {
            ...fields,
            ...(notes !== undefined ? { notes } : {}),
            ...(author !== undefined ? { author } : {}),
            ...(status !== undefined ? { status } : {}),
          },
          change,
        );
        return get(trx, id);
      });
    },

    async 'scenario.duplicate'({ id, name, by }) {
      return db.transaction().execute(async (trx) => {
        const source = await get(trx, id);
        const actor = await resolveActor(trx, by);
        const copyName = name ?? `${source.name} (copie)`.slice(0, 120);
        const created = await insertRow(
          trx,
          'scenario',
          {
            name: copyName,
            year: source.year,
            author: actor,
            notes: source.notes,
            conventions: JSON.stringify(source.conventions),
            status: 'brouillon',
          },
          { actor, now: context.now() },
        );
        return get(trx, created);
      });
    },

    async 'scenario.remove'({ id, by }) {
      await db.transaction().execute(async (trx) => {
        await get(trx, id);
        await deleteRow(trx, 'scenario', id, { actor: await resolveActor(trx, by), now: context.now() });
      });
      return { id };
    },

    async 'scenario.setStatus'({ id, status, by }) {
      return db.transaction().execute(async (trx) => {
        await get(trx, id);
        await updateRow(
          trx,
          'scenario',
          id,
          { status },
          { actor: await resolveActor(trx, by), now: context.now() },
        );
        return get(trx, id);
      });
    },
  };
}
