import type { AccessPolicyView, ActivityView } from '../../../shared/contract/access.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { AppError } from '../../../shared/errors.ts';
import { type Platform, platformAddresses } from '../../../shared/sync/access.ts';
import { type Command, type OptionValues, text, texts } from '../command.ts';
import { renderTable } from '../output.ts';

/**
 * Patron access, held by the central service: the platforms allowed to sign patrons in, the access policy
 * (admin accounts change them), and the active patrons counted from sign-ins.
 */

const yesNo = (value: boolean) => (value ? 'oui' : 'non');
/** "12.5" → "12,5 %". */
const percentFr = (decimal: string | null) => (decimal === null ? '—' : `${decimal.replace('.', ',')} %`);

function describePlatforms(platforms: Platform[]): string {
  if (platforms.length === 0) return 'Aucune plateforme enregistrée.';
  return renderTable(
    ['Identifiant client', 'Nom', 'Adresses de retour', 'Catégorie', 'Tranche d’âge', 'Ajoutée le', 'Par'],
    platforms.map((p) => [
      p.clientId,
      p.name,
      platformAddresses(p),
      yesNo(p.sendCategory),
      yesNo(p.sendAgeBand),
      formatDateFr(p.createdAt),
      p.createdBy,
    ]),
  );
}

export const platformList: Command = {
  words: ['platform', 'list'],
  params: [],
  summary: 'les plateformes de ressources autorisées à connecter les lecteurs (compte administrateur)',
  async run(api) {
    const list = await api.call('access.platform.list', {});
    return { json: list, text: describePlatforms(list.platforms) };
  },
};

export const platformAdd: Command = {
  words: ['platform', 'add'],
  params: [],
  options: {
    name: { type: 'string', value: 'NOM', required: true, help: 'le nom de la plateforme (ex. Cantook)' },
    'redirect-uri': {
      type: 'string',
      value: 'URL',
      required: true,
      multiple: true,
      help: 'une adresse de retour de la plateforme, en https:// (répétable)',
    },
    category: { type: 'boolean', help: 'lui transmettre la catégorie du lecteur' },
    'age-band': { type: 'boolean', help: 'lui transmettre la tranche d’âge du lecteur' },
  },
  summary:
    'enregistre une plateforme (compte administrateur) : affiche son identifiant et son secret, une seule fois',
  async run(api, _params, options) {
    const platform = await api.call('access.platform.register', {
      name: text(options, 'name') ?? '',
      redirectUris: texts(options, 'redirect-uri'),
      sendCategory: options.category === true,
      sendAgeBand: options['age-band'] === true,
    });
    return {
      json: platform,
      text: [
        `Plateforme « ${platform.name} » enregistrée.`,
        `Identifiant client : ${platform.clientId}`,
        `Secret client : ${platform.clientSecret}`,
        'Ce secret ne sera plus jamais affiché : transmettez-le maintenant à la plateforme, par un moyen sûr.',
      ].join('\n'),
    };
  },
};

export const platformRemove: Command = {
  words: ['platform', 'remove'],
  params: ['identifiant-client'],
  summary: 'retire une plateforme (compte administrateur) : elle ne peut plus connecter de lecteurs',
  async run(api, [clientId]) {
    const removed = await api.call('access.platform.remove', { clientId: clientId ?? '' });
    return { json: removed, text: `Plateforme ${removed.clientId} retirée.` };
  },
};

function describePolicy(view: AccessPolicyView): string {
  const { policy } = view;
  const lines = [
    `Délai de grâce après la fin de l’abonnement : ${policy.graceDays} jours`,
    `EPCI ouverts par décision du Département : ${policy.openedEpcis.length ? policy.openedEpcis.join(', ') : 'aucun'}`,
    view.fromCentral
      ? `Règles reçues du serveur central${view.fetchedAt ? ` le ${formatDateFr(view.fetchedAt)}` : ''}.`
      : 'Règles par défaut : ce poste n’a encore rien reçu du serveur central.',
  ];
  if (view.refreshError) lines.push(`Serveur central non consulté : ${view.refreshError.message}`);
  if (view.connection)
    lines.push(
      `Pour les plateformes (OpenID Connect) : émetteur ${view.connection.issuerUrl}`,
      `  découverte ${view.connection.discoveryUrl}`,
    );
  return lines.join('\n');
}

function graceDays(options: OptionValues): number | undefined {
  const value = text(options, 'grace-days');
  if (value === undefined) return undefined;
  if (!/^\d{1,3}$/.test(value))
    throw new AppError('INVALID_INPUT', 'Délai de grâce invalide : un nombre de jours, de 0 à 365.');
  return Number(value);
}

export const accessPolicy: Command = {
  words: ['access', 'policy'],
  params: [],
  options: {
    'grace-days': {
      type: 'string',
      value: 'JOURS',
      help: 'délai de grâce après la fin de l’abonnement, de 0 à 365 jours (compte administrateur)',
    },
    'open-epci': {
      type: 'string',
      value: 'SIREN',
      multiple: true,
      help: 'un EPCI ouvert par décision sans convention en vigueur (répétable ; remplace la liste)',
    },
    'no-open-epci': { type: 'boolean', help: 'plus aucun EPCI ouvert par décision' },
  },
  summary:
    'les règles d’accès des lecteurs (délai de grâce, EPCI ouverts par décision) ; avec des options, les modifie',
  async run(api, _params, options) {
    const grace = graceDays(options);
    const opened = texts(options, 'open-epci');
    const clear = options['no-open-epci'] === true;
    if (clear && opened.length > 0)
      throw new AppError('INVALID_INPUT', 'Choisissez --open-epci ou --no-open-epci, pas les deux.');
    const current = await api.call('access.policy.get', { refresh: true });
    if (grace === undefined && opened.length === 0 && !clear)
      return { json: current, text: describePolicy(current) };
    // A change starts from the central service's rules, never from a stale copy or the defaults.
    if (current.refreshError)
      throw new AppError(current.refreshError.code as never, current.refreshError.message);
    const updated = await api.call('access.policy.update', {
      graceDays: grace ?? current.policy.graceDays,
      openedEpcis: clear ? [] : opened.length > 0 ? opened : current.policy.openedEpcis,
    });
    return { json: updated, text: `Règles d’accès modifiées.\n${describePolicy(updated)}` };
  },
};

function describeActivity(view: ActivityView): string {
  if (view.fetchedAt === null || view.active === null)
    return `Pas encore de chiffres de connexion pour ${view.year} sur ce poste.`;
  const lines = [
    `Lecteurs actifs ${view.year} : ${view.active} (au moins une connexion à une ressource dans l’année), chiffres du ${formatDateFr(view.fetchedAt)}`,
    '',
    renderTable(
      ['Bibliothèque', 'EPCI', 'Lecteurs actifs', 'Inscrits', 'Actifs / inscrits'],
      view.libraries.map((l) => [
        l.name,
        l.epciName ?? '—',
        l.active,
        l.registered,
        percentFr(l.activeShare),
      ]),
    ),
  ];
  if (view.unknownLibraries > 0)
    lines.push(
      `${view.unknownLibraries} lecteurs actifs de bibliothèques que ce poste ne connaît pas encore (synchronisez).`,
    );
  if (view.platforms.length > 0)
    lines.push(
      '',
      renderTable(
        ['Plateforme', 'Lecteurs actifs'],
        view.platforms.map((p) => [p.name, p.active]),
      ),
    );
  return lines.join('\n');
}

export const accessActivity: Command = {
  words: ['access', 'activity'],
  params: [],
  options: {
    year: { type: 'string', value: 'AAAA', required: true, help: 'l’année' },
    'no-refresh': {
      type: 'boolean',
      help: 'ne pas interroger le serveur central : les derniers chiffres reçus par ce poste',
    },
  },
  summary: 'les lecteurs actifs de l’année (connectés au moins une fois), par bibliothèque et plateforme',
  async run(api, _params, options) {
    const raw = text(options, 'year') ?? '';
    if (!/^\d{4}$/.test(raw)) throw new AppError('INVALID_INPUT', 'Année invalide (exemple : --year 2027).');
    const year = Number(raw);
    const view =
      options['no-refresh'] === true
        ? await api.call('access.activity.get', { year })
        : await api.call('access.activity.refresh', { year });
    return { json: view, text: describeActivity(view) };
  },
};
