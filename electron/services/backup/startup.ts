import fs from 'node:fs';
import { type OpenedDatabase, openDatabase } from '../../../db/open.ts';
import { readSettingNow } from '../../../db/queries/settings.ts';
import { cutoffDate, parseRetention, retentionKey } from '../../../shared/domain/retention.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../log.ts';
import { backupDirFor, ensureDailyBackup, listBackups, removeBackupsBefore } from './backups.ts';

/**
 * Opens the database the way every door does at start: SQLite's quick_check where needed (db/integrity-stamp.ts; a damaged file is
 * refused with DB_CORRUPT and the way back: the newest backup and the command that restores it), then
 * the migrations (each preceded by a backup), then the daily backup when the newest is over 24 hours old.
 * A failed daily backup never stops the app: it is logged, and the next start tries again.
 */
export function openCheckedDatabase(
  databasePath: string,
  options: { now: Date; log: Logger; allowDamaged?: boolean; writeWaitMs?: number },
): OpenedDatabase {
  const existed = fs.existsSync(databasePath) && fs.statSync(databasePath).size > 0;
  let database: OpenedDatabase;
  try {
    database = openDatabase(databasePath, {
      backupDir: backupDirFor(databasePath),
      now: options.now,
      allowDamaged: options.allowDamaged,
      writeWaitMs: options.writeWaitMs,
      // The statement only: its values may be patrons' names, and logs travel in diagnostics.
      onSlowQuery: (sql, milliseconds) =>
        options.log.warn(
          `Requête lente (${milliseconds} ms) : ${sql.replace(/\s+/g, ' ').trim().slice(0, 300)}`,
        ),
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'DB_CORRUPT') {
      options.log.error(`Base endommagée : ${databasePath}`, error.cause ?? error);
      throw new AppError('DB_CORRUPT', corruptionMessage(databasePath), { cause: error });
    }
    throw error;
  }
  if (database.damaged) {
    options.log.error(`Base endommagée ouverte pour restauration : ${databasePath}`);
    return database;
  }
  if (database.backupPath) options.log.info(`Sauvegarde avant migration : ${database.backupPath}`);
  // A file created just now has nothing to lose yet.
  if (existed) {
    try {
      const daily = ensureDailyBackup(database.sqlite, options.now);
      if (daily) options.log.info(`Sauvegarde quotidienne : ${daily.file}`);
      removeExpiredBackups(database, options.now, options.log);
    } catch (error) {
      options.log.warn('Sauvegarde quotidienne impossible', error);
    }
  }
  return database;
}

/**
 * A backup older than the retention period may hold people the rule has since removed: it goes (the
 * daily one just taken keeps the current state).
 */
function removeExpiredBackups(database: OpenedDatabase, now: Date, log: Logger): void {
  const { months } = parseRetention(readSettingNow(database.sqlite, retentionKey));
  const cutoff = cutoffDate(now.toISOString().slice(0, 10), months);
  const removed = removeBackupsBefore(database.path, new Date(`${cutoff}T00:00:00Z`));
  if (removed.length)
    log.info(`Sauvegardes plus anciennes que ${months} mois supprimées : ${removed.join(', ')}`);
}

/** Says what happened and what to do: the newest backup, by the screen or the command line. */
export function corruptionMessage(databasePath: string): string {
  const newest = listBackups(databasePath)[0];
  const way = newest
    ? `Restaurez la sauvegarde la plus récente (${newest.id}) : au démarrage de l’application, choisissez « Restaurer », ou en ligne de commande « mednum backup restore ${newest.id} ».`
    : 'Aucune sauvegarde n’a été trouvée dans le dossier « sauvegardes » : contactez le support avec ce fichier.';
  return `La base de données « ${databasePath} » est endommagée (vérification d’intégrité SQLite en échec) : elle n’a pas été ouverte, pour ne pas aggraver les dégâts. ${way}`;
}

/**
 * Long-lived doors (the desktop app, the browser host) stay open for days on office PCs: the daily backup
 * is looked at every hour, not only at start. Returns the function that stops it.
 */
export function keepDailyBackups(
  database: OpenedDatabase,
  options: { now: () => Date; log: Logger; everyMs?: number },
): () => void {
  const timer = setInterval(() => {
    try {
      const daily = ensureDailyBackup(database.sqlite, options.now());
      if (daily) options.log.info(`Sauvegarde quotidienne : ${daily.file}`);
      removeExpiredBackups(database, options.now(), options.log);
    } catch (error) {
      options.log.warn('Sauvegarde quotidienne impossible', error);
    }
  }, options.everyMs ?? 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
