import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { doneFolder, failedFolder, type Processed, watchFolder } from '../../services/watch/watch-folder.ts';
import { byOption, type Command, text } from '../command.ts';
import { importAndCommit } from './import.ts';

function seconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback * 1000;
  const parsed = Number(value.replace(',', '.'));
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 3600)
    throw new AppError('INVALID_INPUT', `--${name} attend un nombre de secondes (exemple : 5).`);
  return Math.round(parsed * 1000);
}

function describe(p: Processed): string {
  const name = path.basename(p.file);
  if (p.status === 'en-erreur') return `✗ ${name} → ${failedFolder}/ : ${p.error?.message ?? ''}`;
  const r = p.result ?? {};
  return `✓ ${name} → ${doneFolder}/ : ${r.created} nouveaux, ${r.updated} modifiés, ${r.rejected} rejetés (lot ${r.batchId})`;
}

/**
 * `import watch <dossier> --library L`: imports each CSV/XLSX file dropped into the folder (once it is
 * complete) with the same steps as `import <fichier>`, and moves it to traités/ with its report or to
 * en-erreur/ with the reason. `--once` handles what is there and stops (for a scheduled task).
 */
export const importWatch: Command = {
  words: ['import', 'watch'],
  params: ['dossier'],
  options: {
    library: {
      type: 'string',
      value: 'ID|CODE',
      required: true,
      help: 'la bibliothèque dont viennent les fichiers déposés',
    },
    once: { type: 'boolean', help: 'traite les fichiers présents puis s’arrête (tâche planifiée)' },
    mode: { type: 'string', value: 'MODE', help: 'incremental (défaut) ou full' },
    profile: { type: 'string', value: 'NOM', help: 'profil de correspondance des colonnes' },
    settle: {
      type: 'string',
      value: 'SECONDES',
      help: 'durée sans changement avant de lire un fichier (défaut 2)',
    },
    interval: {
      type: 'string',
      value: 'SECONDES',
      help: 'intervalle entre deux examens du dossier, sans --once (défaut 5)',
    },
    ...byOption,
  },
  summary: 'importe chaque fichier déposé dans un dossier, puis le range dans traités/ ou en-erreur/',
  exitCodes: { NOT_FOUND: 2 },
  async run(api, [dir], options, door) {
    const folder = path.resolve(dir ?? '');
    // Checked once before watching: an unknown library stops here, not at the first file.
    const library = (await api.call('library.get', { id: text(options, 'library') ?? '' })).id;
    const settleMs = seconds(text(options, 'settle'), 2, 'settle');
    const intervalMs = seconds(text(options, 'interval'), 5, 'interval');
    const once = options.once === true;
    const json = options.json === true;

    const controller = new AbortController();
    const stop = () => controller.abort();
    if (!once) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stderr.write(`Surveillance de « ${folder} » (Ctrl+C pour arrêter)…\n`);
    }
    try {
      const processed = await watchFolder(
        folder,
        async (file) => {
          const imported = await importAndCommit(api, randomUUID(), file, door, {
            ...options,
            library,
          });
          const summary = imported.json;
          const report = await api.call('import.report', { batchId: summary.batchId ?? '', format: 'csv' });
          return {
            summary,
            report: { fileName: 'rapport.csv', bytes: Buffer.from(report.content, 'base64') },
          };
        },
        {
          once,
          settleMs,
          intervalMs,
          signal: controller.signal,
          // The continuous mode says each file as it goes: one JSON line, or one sentence.
          onProcessed: once
            ? undefined
            : (p) => process.stdout.write(`${json ? JSON.stringify(p) : describe(p)}\n`),
        },
      );
      const failed = processed.filter((p) => p.status === 'en-erreur').length;
      if (!once)
        return {
          json: { traités: processed.length - failed, enErreur: failed },
          text: `Surveillance arrêtée : ${processed.length - failed} fichier(s) importé(s), ${failed} en erreur.`,
        };
      return {
        json: processed,
        text: processed.length ? processed.map(describe).join('\n') : 'Aucun fichier à importer.',
      };
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
