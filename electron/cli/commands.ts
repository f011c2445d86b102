import type { Api } from '../../shared/api.ts';
import { epciTypeLabels } from '../../shared/domain/epci.ts';
import { renderTable } from './output.ts';

export interface CommandResult {
  /** What `--json` prints: exactly the contract's output, nothing added. */
  json: unknown;
  text: string;
}

export interface Command {
  words: string[];
  /** Names of the positional arguments after the command words, for usage and arity checks. */
  params: string[];
  summary: string;
  run(api: Api, params: string[]): Promise<CommandResult>;
}

export const commands: Command[] = [
  {
    words: ['info'],
    params: [],
    summary: 'version, département, base de données et données de référence',
    async run(api) {
      const info = await api.call('app.info', {});
      const reference = info.referenceData
        .map(
          (set) =>
            `  ${set.source} — populations légales ${set.millesime} (en vigueur en ${set.inForceYear})`,
        )
        .join('\n');
      return {
        json: info,
        text: [
          `${info.name} ${info.version}`,
          `Département : ${info.departement}`,
          `Base de données : ${info.databasePath} (schéma v${info.schemaVersion})`,
          `Données de référence :\n${reference || '  aucune'}`,
        ].join('\n'),
      };
    },
  },
  {
    words: ['epci', 'list'],
    params: [],
    summary: 'les EPCI du département, avec leurs communes et populations',
    async run(api) {
      const list = await api.call('epci.list', {});
      const millesime = list[0]?.millesime;
      const table = renderTable(
        ['SIREN', 'Nom', 'Type', 'Communes', 'Pop. municipale', 'Pop. totale'],
        list.map((e) => [e.siren, e.name, e.type, e.communes, e.population.municipale, e.population.totale]),
      );
      return {
        json: list,
        text: `${table}\n\n${list.length} EPCI — populations légales ${millesime ?? '—'}, sommes des communes membres.`,
      };
    },
  },
  {
    words: ['epci', 'show'],
    params: ['siren'],
    summary: 'le détail d’un EPCI et de ses communes membres',
    async run(api, [siren]) {
      const epci = await api.call('epci.get', { siren: siren ?? '' });
      const table = renderTable(
        ['INSEE', 'Commune', 'Dépt', 'Pop. municipale', 'Pop. totale'],
        epci.communes.map((c) => [
          c.insee,
          c.name,
          c.inDepartement ? c.departement : `${c.departement} (hors)`,
          c.population.municipale,
          c.population.totale,
        ]),
      );
      return {
        json: epci,
        text: `${epci.name} — ${epciTypeLabels[epci.type]} — SIREN ${epci.siren}\n${table}`,
      };
    },
  },
];

export function usage(): string {
  const lines = commands.map(
    (c) => `  ${[...c.words, ...c.params.map((p) => `<${p}>`)].join(' ').padEnd(22)} ${c.summary}`,
  );
  return [
    'Utilisation : mednum <commande> [--db FICHIER] [--json]',
    '',
    'Commandes :',
    ...lines,
    '',
    'Options :',
    '  --db FICHIER   base de données à utiliser (sinon MEDNUM_DB, sinon celle de l’application)',
    '  --json         sortie JSON seule sur la sortie standard',
    '  --help         cette aide',
  ].join('\n');
}
