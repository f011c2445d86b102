import path from 'node:path';
import {
  deleteSushiSource,
  findSushiSource,
  insertSushiSource,
  listSushiSources,
  sushiSourceById,
  sushiSourceByName,
  type UsageSushiSourceRow,
  updateSushiSource,
} from '../../../db/queries/usage-sushi.ts';
import type { UsageSushiSource } from '../../../shared/contract/usage.ts';
import type { Handlers } from '../../../shared/contract.ts';
import type { ReportKind } from '../../../shared/domain/usage/metrics.ts';
import { sushiBaseUrlProblem } from '../../../shared/domain/usage/sushi.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import type { AppContext } from '../context.ts';
import { userDataDir } from '../paths.ts';
import { fileSecretStore, type SecretStore } from '../sync/secret-store.ts';
import { usageHandlers } from '../usage-handlers.ts';
import { defaultSushiLimits, downloadSushiReport, type SushiLimits } from './sushi-client.ts';

type SushiHandlers = Pick<
  Handlers,
  'usage.sushi.list' | 'usage.sushi.save' | 'usage.sushi.remove' | 'usage.sushi.fetch'
>;

/** The SecretStore's keys of a source's secrets. */
const secretKey = (id: string, part: 'requestor' | 'api-key') => `sushi-${id}-${part}`;

/**
 * Vendors' SUSHI endpoints: registered (secrets in the sync's SecretStore, never in the database), and a
 * report fetched on demand, staged like an uploaded file and previewed by the usage import's own code; the
 * person then commits it with usage.commit, as a file.
 */
export function sushiHandlers(
  context: Pick<AppContext, 'database' | 'now' | 'stagedFiles' | 'sync'>,
  limits: SushiLimits = defaultSushiLimits,
): SushiHandlers {
  const { db } = context.database;
  // The same store as the sync's refresh token: the OS keychain on the desktop, a user-only file elsewhere.
  const secrets: SecretStore = context.sync?.secrets ?? fileSecretStore(path.join(userDataDir(), 'secrets'));
  const usage = usageHandlers(context);

  async function view(row: UsageSushiSourceRow): Promise<UsageSushiSource> {
    const [requestor, apiKey] = await Promise.all([
      secrets.get(secretKey(row.id, 'requestor')),
      secrets.get(secretKey(row.id, 'api-key')),
    ]);
    return {
      id: row.id,
      name: row.name,
      baseUrl: row.base_url,
      customerId: row.customer_id,
      reports: JSON.parse(row.reports) as ReportKind[],
      requestorIdStored: Boolean(requestor),
      apiKeyStored: Boolean(apiKey),
    };
  }

  /** A secret given is stored, '' forgets it, absent keeps the stored one. */
  async function keep(key: string, value: string | undefined) {
    if (value === undefined) return;
    if (value.trim() === '') await secrets.delete(key);
    else await secrets.set(key, value.trim());
  }

  return {
    async 'usage.sushi.list'() {
      return Promise.all((await listSushiSources(db)).map(view));
    },

    async 'usage.sushi.save'({ id, name, baseUrl, customerId, requestorId, apiKey, reports }) {
      const problem = sushiBaseUrlProblem(baseUrl);
      if (problem) throw new AppError('INVALID_INPUT', problem);
      const named = await sushiSourceByName(db, name);
      if (named && named.id !== id)
        throw new AppError('INVALID_INPUT', `Une source SUSHI porte déjà le nom « ${name} ».`);
      const at = context.now().toISOString();
      const fields = {
        name,
        base_url: baseUrl,
        customer_id: customerId,
        reports: JSON.stringify([...new Set(reports)]),
        updated_at: at,
      };
      let sourceId = id;
      if (sourceId === undefined) {
        sourceId = uuidv7(context.now().getTime());
        await insertSushiSource(db, { id: sourceId, ...fields, created_at: at });
      } else {
        if (!(await sushiSourceById(db, sourceId)))
          throw new AppError('NOT_FOUND', 'Cette source SUSHI n’existe pas.');
        await updateSushiSource(db, sourceId, fields);
      }
      await keep(secretKey(sourceId, 'requestor'), requestorId);
      await keep(secretKey(sourceId, 'api-key'), apiKey);
      return view((await sushiSourceById(db, sourceId)) as UsageSushiSourceRow);
    },

    async 'usage.sushi.remove'({ id }) {
      const source = await findSushiSource(db, id);
      if (!source) throw new AppError('NOT_FOUND', 'Cette source SUSHI n’existe pas.');
      await deleteSushiSource(db, source.id);
      await secrets.delete(secretKey(source.id, 'requestor'));
      await secrets.delete(secretKey(source.id, 'api-key'));
      return { id: source.id, removed: true };
    },

    async 'usage.sushi.fetch'({ sourceId, begin, end, report }) {
      const source = await findSushiSource(db, sourceId);
      if (!source) throw new AppError('NOT_FOUND', 'Cette source SUSHI n’existe pas.');
      const kind = report ?? (JSON.parse(source.reports) as ReportKind[])[0] ?? 'PR';
      const [requestorId, apiKey] = await Promise.all([
        secrets.get(secretKey(source.id, 'requestor')),
        secrets.get(secretKey(source.id, 'api-key')),
      ]);
      const bytes = await downloadSushiReport(
        {
          platform: source.name,
          baseUrl: source.base_url,
          kind,
          credentials: { customerId: source.customer_id, requestorId, apiKey },
          months: { begin, end },
        },
        limits,
      );
      // Staged like an upload: the preview and the commit read the same bytes, by the import's own path.
      const fileId = context.stagedFiles.stage(bytes);
      const fileName = `${source.name.replace(/[^\p{L}\p{N}_-]+/gu, '-')}-sushi-${kind}-${begin}-${end}.json`;
      try {
        const preview = await usage['usage.preview']({ fileName, fileId, platform: source.name });
        return { ...preview, fileId, platform: source.name };
      } catch (error) {
        context.stagedFiles.release(fileId);
        throw error;
      }
    },
  };
}
