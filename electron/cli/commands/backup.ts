import { backupReasonLabel } from '../../../shared/domain/backup.ts';
import type { Command } from '../command.ts';
import { renderTable } from '../output.ts';

/** What `--json` prints for a backup: exactly these three fields. */
const shown = ({ id, file, at }: { id: string; file: string; at: string }) => ({ id, file, at });

export const backupCreate: Command = {
  words: ['backup', 'create'],
  params: [],
  summary: 'sauvegarde la base de données maintenant (dossier « sauvegardes » à côté d’elle, 14 gardées)',
  async run(api) {
    const backup = await api.call('backup.create', {});
    return { json: shown(backup), text: `Sauvegarde ${backup.id} écrite : ${backup.file}` };
  },
};

export const backupList: Command = {
  words: ['backup', 'list'],
  params: [],
  summary: 'les sauvegardes de la base, de la plus récente à la plus ancienne',
  worksOnDamagedDatabase: true,
  async run(api) {
    const backups = await api.call('backup.list', {});
    return {
      json: backups.map(shown),
      text: backups.length
        ? renderTable(
            ['identifiant', 'date (UTC)', 'motif', 'taille (Ko)'],
            backups.map((b) => [
              b.id,
              b.at.slice(0, 19).replace('T', ' '),
              backupReasonLabel(b.reason),
              Math.ceil(b.size / 1024),
            ]),
          )
        : 'Aucune sauvegarde.',
    };
  },
};

export const backupRestore: Command = {
  words: ['backup', 'restore'],
  params: ['identifiant'],
  summary: 'remet une sauvegarde à la place de la base (la base actuelle est d’abord sauvegardée)',
  worksOnDamagedDatabase: true,
  async run(api, [id]) {
    const { restored, safetyCopy } = await api.call('backup.restore', { id: id ?? '' });
    return {
      json: { restored: shown(restored), safetyCopy: shown(safetyCopy) },
      text: `Sauvegarde ${restored.id} restaurée. La base d’avant est gardée : ${safetyCopy.id}.`,
    };
  },
};
