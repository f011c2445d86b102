import { formatDateFr } from '../../../shared/domain/dates.ts';
import type { ConflictView, SyncStatus } from '../../../shared/domain/sync.ts';
import { AppError } from '../../../shared/errors.ts';
import { byOption, type Command, text } from '../command.ts';
import { renderTable } from '../output.ts';

/** The password never appears in the command line (shell history, process list): it is read from stdin. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!password)
    throw new AppError('INVALID_INPUT', 'Mot de passe attendu sur l’entrée standard (--password-stdin).');
  return password;
}

export const login: Command = {
  words: ['login'],
  params: [],
  options: {
    server: { type: 'string', value: 'URL', required: true, help: 'adresse du serveur central' },
    email: { type: 'string', value: 'E-MAIL', required: true, help: 'votre compte sur le serveur central' },
    'password-stdin': { type: 'boolean', required: true, help: 'lire le mot de passe sur l’entrée standard' },
  },
  summary: 'se connecter au serveur central (le jeton est gardé sur ce poste, le mot de passe jamais)',
  async run(api, _params, options) {
    const status = await api.call('sync.login', {
      serverUrl: text(options, 'server') ?? '',
      email: text(options, 'email') ?? '',
      password: await readPassword(),
    });
    return { json: status, text: `Connecté à ${status.serverUrl} en tant que ${status.user?.email}.` };
  },
};

export const syncStatus: Command = {
  words: ['sync', 'status'],
  params: [],
  summary: 'état de la synchronisation : serveur, connexion, modifications en attente, conflits',
  async run(api) {
    const status = await api.call('sync.status', {});
    return { json: status, text: describeStatus(status) };
  },
};

export const syncConflicts: Command = {
  words: ['sync', 'conflicts'],
  params: [],
  options: { all: { type: 'boolean', help: 'aussi les conflits déjà réglés' } },
  summary: 'les conflits à régler : les deux valeurs, qui et quand',
  async run(api, _params, options) {
    const conflicts = await api.call('sync.conflicts', { status: options.all ? 'all' : 'open' });
    const table = renderTable(
      ['Id', 'Sujet', 'Champ', 'Serveur', 'Par', 'Ce poste', 'Par', 'État'],
      conflicts.map((c) => [
        c.id,
        c.subject,
        c.fieldLabel,
        shown(c.serverValue),
        `${c.serverBy}, ${formatDateFr(c.serverAt)}`,
        shown(c.clientValue),
        `${c.clientBy}, ${formatDateFr(c.clientAt)}`,
        c.status === 'open' ? 'à régler' : `réglé (${c.resolution})`,
      ]),
    );
    return { json: conflicts, text: conflicts.length ? table : 'Aucun conflit à régler.' };
  },
};

export const syncResolve: Command = {
  words: ['sync', 'resolve'],
  params: ['id'],
  options: {
    keep: {
      type: 'string',
      value: 'mine|theirs',
      required: true,
      help: 'garder la valeur de ce poste (mine) ou celle du serveur (theirs)',
    },
    ...byOption,
  },
  summary: 'régler un conflit ; le choix part à la prochaine synchronisation',
  async run(api, [id], options) {
    const keep = text(options, 'keep');
    if (keep !== 'mine' && keep !== 'theirs')
      throw new AppError('INVALID_INPUT', '--keep attend « mine » (ce poste) ou « theirs » (le serveur).');
    const conflict: ConflictView = await api.call('sync.resolve', {
      id: id ?? '',
      keep,
      by: text(options, 'by'),
    });
    return {
      json: conflict,
      text: `Conflit réglé : ${conflict.subject}, ${conflict.fieldLabel} = ${shown(conflict.resolvedValue)}.`,
    };
  },
};

export const sync: Command = {
  words: ['sync'],
  params: [],
  summary:
    'synchroniser maintenant : envoyer les modifications en attente, recevoir celles des autres postes',
  async run(api) {
    const outcome = await api.call('sync.now', {});
    return {
      json: outcome,
      text: `Synchronisé : ${outcome.pushed} modification(s) envoyée(s), ${outcome.pulled} reçue(s), ${outcome.conflicts} conflit(s) à régler.`,
    };
  },
};

function shown(value: unknown): string {
  return value === null || value === undefined ? '(vide)' : String(value);
}

function describeStatus(status: SyncStatus): string {
  if (!status.configured)
    return 'Synchronisation non configurée : ce poste travaille seul (mednum login pour la configurer).';
  return [
    `Serveur : ${status.serverUrl}`,
    `Compte : ${status.user && status.loggedIn ? `${status.user.email} (${status.user.role})` : 'non connecté'}`,
    `Dernière synchronisation : ${status.lastSyncAt ? formatDateFr(status.lastSyncAt) : 'jamais'}`,
    `En attente : ${status.pending.changes} modification(s), ${status.pending.batches} lot(s) de lecteurs (imports, annulations, doublons, purges)`,
    `Conflits à régler : ${status.conflicts}`,
    ...(status.rejections ? [`Modifications refusées par le serveur : ${status.rejections}`] : []),
    ...(status.lastError ? [`Dernière erreur : ${status.lastError.message}`] : []),
  ].join('\n');
}
