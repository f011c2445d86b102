import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schemaVersion } from '../../../db/migrate.ts';
import { maskedSettings, sqliteVersion, tableRowCounts } from '../../../db/queries/diagnostic.ts';
import { listBackups } from '../backup/backups.ts';
import type { AppContext } from '../context.ts';

/**
 * "Exporter un diagnostic": a folder to send to whoever helps, holding the logs, the versions (app,
 * Electron, Node, SQLite, schema), the settings (secrets masked), row counts per table and the list of
 * backups — and no patron data: no row is ever read, and the copied logs have e-mail addresses and card-
 * like numbers masked in case a message quoted one.
 */

export interface DiagnosticResult {
  folder: string;
  files: string[];
}

const email = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Runs of 6+ digits (card numbers, phone numbers) that are not part of a timestamp. */
const longNumber = /(?<![\d:.T-])\d{6,}(?![\d:.Z-])/g;

export function scrub(text: string): string {
  return text.replace(email, '[courriel masqué]').replace(longNumber, '[numéro masqué]');
}

export function writeDiagnostic(
  context: Pick<AppContext, 'database' | 'departement' | 'log' | 'now' | 'unexpected' | 'version'>,
): DiagnosticResult {
  const { sqlite, path: databasePath } = context.database;
  const dataDir = path.dirname(databasePath);
  const stamp = context.now().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const folder = path.join(dataDir, 'diagnostics', `diagnostic-${stamp}`);
  fs.mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  const write = (name: string, content: string) => {
    fs.writeFileSync(path.join(folder, name), content, 'utf8');
    files.push(name);
  };

  write(
    'versions.json',
    JSON.stringify(
      {
        app: context.version,
        // Set when the services run in Electron's main process (the desktop app).
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
        node: process.versions.node,
        sqlite: sqliteVersion(sqlite),
        schema: schemaVersion(sqlite),
        departement: context.departement,
        platform: `${process.platform} ${os.release()} (${process.arch})`,
        exportedAt: context.now().toISOString(),
        // Errors that reached someone as INTERNAL since the app started; their stacks are in the logs.
        unexpectedErrors: context.unexpected.count,
      },
      null,
      2,
    ),
  );
  write('reglages.json', JSON.stringify(maskedSettings(sqlite), null, 2));
  write('tables.json', JSON.stringify(tableRowCounts(sqlite), null, 2));
  write(
    'sauvegardes.json',
    JSON.stringify(
      listBackups(databasePath).map(({ id, at, size }) => ({ id, at, size })),
      null,
      2,
    ),
  );
  const logsDir = path.join(dataDir, 'logs');
  if (fs.existsSync(logsDir)) {
    fs.mkdirSync(path.join(folder, 'logs'));
    for (const name of fs
      .readdirSync(logsDir)
      .filter((n) => /\.log(\.\d+)?$/.test(n))
      .sort()) {
      write(path.join('logs', name), scrub(fs.readFileSync(path.join(logsDir, name), 'utf8')));
    }
  }
  context.log.info(`Diagnostic exporté : ${folder}`);
  return { folder, files };
}
