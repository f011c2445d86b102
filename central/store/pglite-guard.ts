import { messages, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';
import { HttpError } from '../http/errors.ts';

/**
 * The most bind parameters one statement may carry on PGlite. PGlite 0.4's protocol parser reads the
 * parameter count of PostgreSQL's answer as a SIGNED 16-bit number: from 32,768 on it throws inside
 * PGlite's own callback, which PGlite swallows, and the unread message then stays at the head of its
 * buffer for good. The statement itself runs (and commits), but from then on every answer of that
 * instance is empty — no rows, no errors — until it is opened again: accounts and sessions look gone,
 * a failed statement looks fine and its transaction rolls back in silence at COMMIT. PostgreSQL's own
 * limit is 65,535. Measured, and pinned by tests/central/pglite-statement-limit.test.ts.
 */
export const pgliteMaxParameters = 32_767;

export type StoreErrorCode = 'STORE_STATEMENT_TOO_LARGE' | 'STORE_CORRUPT';

/**
 * The store refusing to go on: an HttpError so that a request meeting it is answered with the code (5xx:
 * a desktop keeps its changes and tries again later).
 */
export class StoreError extends HttpError {
  constructor(code: StoreErrorCode, message: string) {
    super(code === 'STORE_CORRUPT' ? 503 : 500, code, message);
    this.name = 'StoreError';
  }
}

/**
 * What the service does when its PGlite instance went blind: it stops, with the reason in French. What the
 * instance committed is in its files, and a fresh start reads it all again; going on would answer
 * « unknown account » to every PC and lose writes in silence.
 */
export function stopTheService(error: StoreError): never {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const transactionControl = /^\s*(begin|commit|rollback|start\s+transaction|savepoint|release)\b/i;

/**
 * `pglite` as the kysely dialect sees it, every statement checked on the way:
 * - one with more than `pgliteMaxParameters` parameters is refused before PGlite sees it
 *   (STORE_STATEMENT_TOO_LARGE), so the instance stays sound and the transaction rolls back;
 * - a blind instance answers every statement with nothing (no columns, no row, no row touched), and a
 *   failing one with PGlite's own parser error instead of PostgreSQL's. Such an answer — also that of an
 *   INSERT that conflicted, an UPDATE that matched nothing, a CREATE — is confirmed by `SELECT 1`. No row
 *   back: the instance is marked corrupt (STORE_CORRUPT, thrown by every later statement but a ROLLBACK,
 *   and by `failure()`) and `onCorrupt` is told, once. Begin/commit/rollback are not checked: a blind
 *   statement inside the transaction is caught first, and its error rolls the transaction back.
 */
export function guardPglite(
  pglite: PGlite,
  onCorrupt: (error: StoreError) => void,
): { client: PGlite; failure(): StoreError | undefined } {
  let failure: StoreError | undefined;

  async function confirmAlive(): Promise<void> {
    const alive = await pglite.query('SELECT 1 AS alive');
    if (alive.rows.length === 1) return;
    if (!failure) {
      failure = new StoreError(
        'STORE_CORRUPT',
        'La base embarquée (PGlite) du serveur central ne répond plus correctement : le service s’arrête ' +
          'pour ne rien écrire de faux. Les données déjà enregistrées sont sur le disque : redémarrez le service.',
      );
      onCorrupt(failure);
    }
    throw failure;
  }

  async function query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (failure && !/^\s*rollback\b/i.test(text)) throw failure;
    if (params.length > pgliteMaxParameters)
      throw new StoreError(
        'STORE_STATEMENT_TOO_LARGE',
        `Requête trop grande pour la base embarquée (PGlite) du serveur central : ${params.length} valeurs, ` +
          `${pgliteMaxParameters} au plus. Elle n’a pas été exécutée.`,
      );
    let result: Results<T>;
    try {
      result = await pglite.query<T>(text, params, options);
    } catch (error) {
      if (!(error instanceof messages.DatabaseError))
        await confirmAlive().catch((canary: unknown) => {
          if (canary instanceof StoreError) throw canary;
        });
      throw error;
    }
    if (result.fields.length || result.rows.length || result.affectedRows || transactionControl.test(text))
      return result;
    await confirmAlive();
    return result;
  }

  // The dialect calls query() and close(); PGlite's other methods keep their own `this` (private fields).
  const client = new Proxy(pglite, {
    get(target, property) {
      if (property === 'query') return query;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { client, failure: () => failure };
}
