import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Api } from '../../../shared/api.ts';
import type { Encoding } from '../../../shared/domain/patron.ts';
import { byOption, type CliDoor, type Command, type OptionValues, text } from '../command.ts';

export const importFile: Command = {
  words: ['import'],
  params: ['fichier'],
  options: {
    library: {
      type: 'string',
      value: 'ID|CODE',
      required: true,
      help: 'la bibliothèque dont vient le fichier',
    },
    profile: {
      type: 'string',
      value: 'NOM',
      help: 'profil de correspondance des colonnes (sinon le dernier utilisé)',
    },
    mode: {
      type: 'string',
      value: 'MODE',
      help: 'incremental (défaut) ou full (les absents ne sont plus inscrits)',
    },
    'dry-run': { type: 'boolean', help: 'analyse seulement : rien n’est enregistré' },
    encoding: {
      type: 'string',
      value: 'ENC',
      help: 'utf-8|windows-1252|iso-8859-15|utf-16le|utf-16be (sinon détecté)',
    },
    progress: { type: 'boolean', help: 'affiche l’avancement sur la sortie d’erreur' },
    ...byOption,
  },
  summary: 'importe la liste des lecteurs d’une bibliothèque (CSV ou XLSX)',
  // Unreadable content or nothing importable: the operation failed (1); a missing file or an unknown
  // library is a bad call (2).
  exitCodes: { FILE_UNREADABLE: 1, NOTHING_TO_IMPORT: 1, NOT_FOUND: 2 },
  async run(api, [file], options, door) {
    const sessionId = randomUUID();
    const stopProgress = options.progress === true ? reportProgress(api, sessionId) : () => {};
    try {
      return await importAndCommit(api, sessionId, file ?? '', door, options);
    } finally {
      stopProgress();
    }
  },
};

/** Prints each new phase and count to stderr while the worker runs ("Enregistrement : 20000 / 60000"). */
function reportProgress(api: Api, sessionId: string): () => void {
  const labels = { lecture: 'Lecture', analyse: 'Analyse', enregistrement: 'Enregistrement' } as const;
  let last = '';
  const timer = setInterval(() => {
    api
      .call('import.progress', { sessionId })
      .then(({ progress }) => {
        const line = progress ? `${labels[progress.phase]} : ${progress.done} / ${progress.total}` : '';
        if (line && line !== last) process.stderr.write(`${line}\n`);
        last = line;
      })
      .catch(() => {});
  }, 100);
  return () => clearInterval(timer);
}

/** Opens, checks and commits one file, as `import <fichier>` does; the watch folder runs the same. */
export async function importAndCommit(
  api: Api,
  sessionId: string,
  file: string,
  door: CliDoor,
  options: OptionValues,
) {
  const fileId = door.stage(file);
  const session = await api
    .call('import.open', {
      sessionId,
      libraryId: text(options, 'library') ?? '',
      fileName: path.basename(file),
      fileId,
      encoding: text(options, 'encoding') as Encoding | undefined,
      mode: (text(options, 'mode') ?? 'incremental') as never,
      profile: text(options, 'profile'),
    })
    .finally(() => door.unstage(fileId));
  const { counts } = session;
  let batchId: string | null = null;
  if (options['dry-run'] === true) await api.call('import.cancel', { sessionId: session.sessionId });
  else {
    try {
      batchId = (await api.call('import.commit', { sessionId: session.sessionId, by: text(options, 'by') }))
        .batchId;
    } catch (error) {
      // Refused (nothing importable, no signature…): the session goes, nothing was written.
      await api.call('import.cancel', { sessionId: session.sessionId });
      throw error;
    }
  }
  const result = {
    batchId,
    created: counts.created,
    updated: counts.updated,
    unchanged: counts.unchanged,
    rejected: counts.rejected,
    warnings: counts.warnings,
    expired: counts.expired,
    possibleDuplicates: counts.possibleDuplicates,
  };
  const verb = batchId ? 'Import enregistré' : 'Analyse (rien n’a été enregistré)';
  return {
    json: result,
    text: `${verb} : ${counts.created} nouveaux, ${counts.updated} modifiés, ${counts.unchanged} inchangés, ${counts.rejected} rejetés, ${counts.warnings} avertissements, ${counts.expired} abonnements expirés, ${counts.possibleDuplicates} doublons possibles${counts.unregistered ? `, ${counts.unregistered} désinscrits` : ''}.${batchId ? `\nLot ${batchId}` : ''}`,
  };
}

export const importUndo: Command = {
  words: ['import', 'undo'],
  params: ['lot'],
  options: { ...byOption },
  summary: 'annule un import (les lecteurs modifiés depuis sont conservés)',
  async run(api, [batchId], options) {
    const result = await api.call('import.undo', { batchId: batchId ?? '', by: text(options, 'by') });
    const kept = result.kept.map((p) => `  ${p.cardNumber} ${p.lastName} ${p.firstName ?? ''}`.trimEnd());
    return {
      json: result,
      text: [
        `Import annulé : ${result.removed} retirés, ${result.restored} rétablis.`,
        ...(kept.length ? ['Conservés (modifiés depuis) :', ...kept] : []),
      ].join('\n'),
    };
  },
};

export const importList: Command = {
  words: ['import', 'list'],
  params: [],
  options: { library: { type: 'string', value: 'ID', help: 'seulement les imports de cette bibliothèque' } },
  summary: 'l’historique des imports',
  async run(api, _params, options) {
    const batches = await api.call('import.list', { libraryId: text(options, 'library') });
    const lines = batches.map(
      (b) =>
        `${b.committedAt.slice(0, 16).replace('T', ' ')}  ${b.libraryName}  ${b.fileName}  +${b.created} ~${b.updated} ✗${b.rejected}${b.undoneAt ? '  (annulé)' : ''}  ${b.id}`,
    );
    return { json: batches, text: lines.join('\n') || 'Aucun import.' };
  },
};
