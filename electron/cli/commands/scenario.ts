import type { Api } from '../../../shared/api.ts';
import type { ContributionsResult } from '../../../shared/domain/contributions/index.ts';
import { formatEuros, formatEurosFr } from '../../../shared/domain/money.ts';
import { type StoredScenario, scenarioFile, scenarioStatusLabels } from '../../../shared/domain/scenarios.ts';
import { AppError } from '../../../shared/errors.ts';
import { byOption, type Command, text, writeOutputFile } from '../command.ts';
import { renderTable } from '../output.ts';
import { readScenario } from './contributions.ts';

/** What `--json` prints for a scenario in a list: without its conventions (see `scenario show`). */
const summary = (s: StoredScenario) => ({
  id: s.id,
  name: s.name,
  year: s.year,
  status: s.status,
  author: s.author,
  conventions: s.conventions.length,
  updatedAt: s.updatedAt,
});

const day = (iso: string) => iso.slice(0, 10);

export const scenarioList: Command = {
  words: ['scenario', 'list'],
  params: [],
  options: { year: { type: 'string', value: 'AAAA', help: 'seulement les scénarios de cette année' } },
  summary: 'les scénarios enregistrés (partagés par la synchronisation), le plus récemment modifié d’abord',
  async run(api, _params, options) {
    const year = text(options, 'year');
    const list = await api.call('scenario.list', year === undefined ? {} : { year: yearOf(year) });
    return {
      json: list.map(summary),
      text: list.length
        ? renderTable(
            ['identifiant', 'nom', 'année', 'statut', 'auteur', 'conventions', 'modifié le'],
            list.map((s) => [
              s.id,
              s.name,
              s.year,
              scenarioStatusLabels[s.status],
              s.author,
              s.conventions.length,
              day(s.updatedAt),
            ]),
          )
        : 'Aucun scénario enregistré.',
    };
  },
};

export const scenarioShow: Command = {
  words: ['scenario', 'show'],
  params: ['identifiant'],
  summary: 'un scénario : statut, auteur, notes et ses conventions (tranches comprises)',
  async run(api, [id]) {
    const s = await api.call('scenario.get', { id: id ?? '' });
    const conventions = s.conventions.map((c) => {
      const bands = c.bands?.length
        ? ` ; tranches : ${c.bands.map((b) => `${b.upTo === null ? 'au-delà' : `jusqu’à ${b.upTo}`} ${formatEurosFr(b.rate)}`).join(', ')}`
        : '';
      return `  ${c.epci} : ${formatEurosFr(c.rate)} par habitant, du ${c.start}${c.end ? ` au ${c.end}` : ''}, population ${c.basis} ${c.millesime}${bands}`;
    });
    return {
      json: s,
      text: [
        `${s.name} (${s.year}) — ${scenarioStatusLabels[s.status]}`,
        `Auteur : ${s.author || '—'} · modifié le ${day(s.updatedAt)}`,
        ...(s.notes ? [`Notes : ${s.notes}`] : []),
        `Conventions (${s.conventions.length}) :`,
        ...conventions,
      ].join('\n'),
    };
  },
};

/** `scenario add` and `scenario import`: a scenario file's content becomes a stored scenario. */
async function saveFile(api: Api, file: string, by: string | undefined) {
  const scenario = readScenario(file);
  const saved = await api.call('scenario.save', { ...scenario, by });
  return {
    json: summary(saved),
    text: `Scénario « ${saved.name} » enregistré (${saved.id}), ${saved.conventions.length} convention(s).`,
  };
}

export const scenarioAdd: Command = {
  words: ['scenario', 'add'],
  params: [],
  options: {
    file: {
      type: 'string',
      value: 'FICHIER.json',
      required: true,
      help: 'le scénario (JSON, comme l’écran Scénarios l’exporte)',
    },
    ...byOption,
  },
  summary: 'enregistre un scénario depuis un fichier JSON',
  async run(api, _params, options) {
    return saveFile(api, text(options, 'file') ?? '', text(options, 'by'));
  },
};

export const scenarioImport: Command = {
  words: ['scenario', 'import'],
  params: ['fichier.json'],
  options: { ...byOption },
  summary: 'enregistre un scénario exporté (même effet que scenario add --file)',
  async run(api, [file], options) {
    return saveFile(api, file ?? '', text(options, 'by'));
  },
};

export const scenarioExport: Command = {
  words: ['scenario', 'export'],
  params: ['identifiant'],
  options: { out: { type: 'string', value: 'FICHIER.json', required: true, help: 'le fichier à écrire' } },
  summary: 'écrit un scénario en JSON (le format que l’écran Scénarios importe)',
  async run(api, [id], options) {
    const s = await api.call('scenario.get', { id: id ?? '' });
    const out = text(options, 'out') as string;
    writeOutputFile(out, Buffer.from(`${JSON.stringify(scenarioFile(s), null, 2)}\n`, 'utf8'));
    return { json: { id: s.id, file: out }, text: `Scénario « ${s.name} » écrit dans ${out}.` };
  },
};

export const scenarioCompare: Command = {
  words: ['scenario', 'compare'],
  params: ['identifiant', 'identifiant?', 'identifiant?', 'identifiant?'],
  options: {
    year: { type: 'string', value: 'AAAA', help: 'l’année comparée (sinon celle du premier scénario)' },
  },
  summary: 'compare jusqu’à quatre scénarios enregistrés avec la situation actuelle, EPCI par EPCI',
  async run(api, ids, options) {
    const chosen: StoredScenario[] = [];
    for (const id of ids) chosen.push(await api.call('scenario.get', { id }));
    const given = text(options, 'year');
    const year = given === undefined ? (chosen[0]?.year as number) : yearOf(given);
    const current = await api.call('contributions.compute', { year });
    const results: ContributionsResult[] = [];
    for (const s of chosen)
      results.push(await api.call('contributions.compute', { year, scenario: { id: s.id } }));
    const perEpci = (lines: { epci: string; amountCents: number }[]) => {
      const totals = new Map<string, number>();
      for (const l of lines) totals.set(l.epci, (totals.get(l.epci) ?? 0) + l.amountCents);
      return totals;
    };
    const names = new Map(
      [current, ...results].flatMap((r) => r.lines.map((l) => [l.epci, l.name] as const)),
    );
    const columns = [perEpci(current.lines), ...results.map((r) => perEpci(r.lines))];
    const epcis = [...names.keys()].sort((a, b) =>
      (names.get(a) ?? a).localeCompare(names.get(b) ?? b, 'fr'),
    );
    const json = {
      year,
      current: { totalCents: current.totalCents },
      scenarios: results.map((r, index) => ({
        id: chosen[index]?.id,
        name: chosen[index]?.name,
        totalCents: r.totalCents,
        deltaCents: r.totalCents - current.totalCents,
      })),
      epci: epcis.map((epci) => ({
        epci,
        name: names.get(epci),
        currentCents: columns[0]?.get(epci) ?? 0,
        scenariosCents: columns.slice(1).map((c) => c.get(epci) ?? 0),
      })),
    };
    const euros = (cents: number) => formatEurosFr(formatEuros(cents));
    const table = renderTable(
      ['EPCI', 'Situation actuelle', ...chosen.map((s) => s.name)],
      [
        ...epcis.map((epci) => [names.get(epci) ?? epci, ...columns.map((c) => euros(c.get(epci) ?? 0))]),
        ['Total', euros(current.totalCents), ...results.map((r) => euros(r.totalCents))],
      ],
    );
    return { json, text: `Comparaison ${year}\n${table}` };
  },
};

function yearOf(value: string): number {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new AppError('INVALID_INPUT', 'Année invalide (exemple : --year 2027).');
  return year;
}
