import { readSetting, writeSetting } from '../../db/queries/settings.ts';
import type { Handlers } from '../../shared/contract.ts';
import { parseRetention, retentionKey } from '../../shared/domain/retention.ts';
import { parseReportDefaults, reportDefaultsKey, type Settings } from '../../shared/domain/settings.ts';
import { staffNameKey } from './actor.ts';
import type { AppContext } from './context.ts';

type SettingsHandlers = Pick<Handlers, 'settings.get' | 'settings.update'>;

/**
 * This PC's settings, one contract for all of them (Réglages, the RGPD screen, Rapports, `mednum settings`):
 * stored in the `setting` table, local to this PC, never synced.
 */
export function settingsHandlers(context: Pick<AppContext, 'database'>): SettingsHandlers {
  const { db } = context.database;

  async function read(q: typeof db = db): Promise<Settings> {
    const staffName = await readSetting(q, staffNameKey);
    const retention = await readSetting(q, retentionKey);
    const reports = await readSetting(q, reportDefaultsKey);
    return {
      staffName: staffName ?? '',
      retention: parseRetention(retention),
      reports: parseReportDefaults(reports),
    };
  }

  return {
    async 'settings.get'() {
      return read();
    },

    async 'settings.update'(patch) {
      return db.transaction().execute(async (trx) => {
        const current = await read(trx);
        if (patch.staffName !== undefined) await writeSetting(trx, staffNameKey, patch.staffName);
        if (patch.retention)
          await writeSetting(trx, retentionKey, JSON.stringify({ ...current.retention, ...patch.retention }));
        if (patch.reports)
          await writeSetting(
            trx,
            reportDefaultsKey,
            JSON.stringify({ ...current.reports, ...patch.reports }),
          );
        return read(trx);
      });
    },
  };
}
