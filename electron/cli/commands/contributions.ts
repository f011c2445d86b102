import { maxComparedScenarios, type ScenarioRef } from '../../../shared/contract/scenarios.ts';
import { type Scenario, scenarioSchema } from '../../../shared/domain/contributions/index.ts';
import { formatEuros, formatEurosFr } from '../../../shared/domain/money.ts';
import { AppError } from '../../../shared/errors.ts';
import { type Command, type OptionValues, readInputFile, text, texts, writeOutputFile } from '../command.ts';
import { renderTable } from '../output.ts';
import { yearOrDefault } from './settings.ts';

/** A scenario JSON file, checked against the same schema the app uses (its year by the service). */
export function readScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readInputFile(file).toString('utf8'));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('INVALID_INPUT', `Le scénario « ${file} » n’est pas un JSON lisible.`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'INVALID_INPUT',
      `Scénario « ${file} » invalide : ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  return parsed.data;
}

const yearOption = {
  type: 'string',
  value: 'AAAA',
  required: true,
  help: 'l’année de participation',
} as const;

/** Optional where the report defaults (settings) give the year. */
const defaultedYearOption = {
  type: 'string',
  value: 'AAAA',
  help: 'l’année de participation (sinon celle que proposent les rapports, voir settings)',
} as const;

function scenarioOption(help: string) {
  return { type: 'string', value: 'ID|FICHIER.json', multiple: true, help } as const;
}

/**
 * `--scenario`: a stored scenario by its id (`mednum scenario list`), or a scenario JSON file — a path or
 * a name ending in .json — read and checked here, as the app reads an imported one.
 */
export function scenarioArgument(argument: string): ScenarioRef {
  const isFile = /\.json$/i.test(argument) || argument.includes('/') || argument.includes('\\');
  return isFile ? readScenario(argument) : { id: argument };
}

function yearOf(options: OptionValues): number {
  const year = Number(text(options, 'year'));
  if (!Number.isInteger(year)) throw new AppError('INVALID_INPUT', 'Année invalide (exemple : --year 2027).');
  return year;
}

export const contributions: Command = {
  words: ['contributions'],
  params: [],
  options: {
    year: yearOption,
    scenario: scenarioOption(
      'un scénario (enregistré, ou fichier JSON) dont les conventions remplacent celles en vigueur',
    ),
  },
  summary: 'les participations par habitant des EPCI pour une année',
  async run(api, _params, options) {
    const year = yearOf(options);
    const scenarios = texts(options, 'scenario');
    if (scenarios.length > 1) throw new AppError('INVALID_INPUT', 'Un seul --scenario pour cette commande.');
    const scenario = scenarios[0];
    const result = await api.call('contributions.compute', {
      year,
      scenario: scenario ? scenarioArgument(scenario) : undefined,
    });
    // The JSON shape: one line per convention in force, exact figures as decimal strings and cents.
    const json = {
      year: result.year,
      lines: result.lines.map((l) => ({
        epci: l.epci,
        name: l.name,
        population: l.population,
        basis: l.basis,
        millesime: l.millesime,
        perimeter: l.perimeter,
        rate: l.rate,
        prorata: l.prorata,
        amountCents: l.amountCents,
      })),
      totalCents: result.totalCents,
    };
    const table = renderTable(
      ['EPCI', 'Population', 'Base', 'Taux', 'Prorata', 'Montant'],
      result.lines.map((l) => [
        l.name,
        l.population ?? 0,
        `${l.basis} ${l.millesime}`,
        formatEurosFr(l.rate),
        l.prorataText,
        formatEurosFr(formatEuros(l.amountCents)),
      ]),
    );
    const missing = result.missing.map(
      (m) => `Population ${m.basis} ${m.millesime} manquante pour ${m.name} : non calculé.`,
    );
    return {
      json,
      text: [table, '', `Total ${year} : ${formatEurosFr(formatEuros(result.totalCents))}`, ...missing].join(
        '\n',
      ),
    };
  },
};

export const reportFinancing: Command = {
  words: ['report', 'financing'],
  params: [],
  options: {
    year: defaultedYearOption,
    scenario: scenarioOption(
      `jusqu’à ${maxComparedScenarios} scénarios (enregistrés, ou fichiers JSON) comparés à la situation actuelle`,
    ),
    out: { type: 'string', value: 'FICHIER.xlsx', required: true, help: 'le classeur à écrire' },
  },
  summary: 'le « Rapport de financement » de l’année (Excel, formules vivantes)',
  async run(api, _params, options) {
    const year = await yearOrDefault(api, options);
    const scenarios = texts(options, 'scenario').map(scenarioArgument);
    const report = await api.call('report.financing', { year, scenarios });
    const out = text(options, 'out') as string;
    const bytes = Buffer.from(report.content, 'base64');
    writeOutputFile(out, bytes);
    return {
      json: { file: out, bytes: bytes.length },
      text: `Rapport de financement ${year} écrit dans ${out}.`,
    };
  },
};

export const reportStatement: Command = {
  words: ['report', 'statement'],
  params: [],
  options: {
    epci: { type: 'string', value: 'SIREN', required: true, help: 'l’EPCI appelé à participer' },
    year: defaultedYearOption,
    out: { type: 'string', value: 'FICHIER.xlsx', required: true, help: 'le classeur à écrire' },
  },
  summary: 'l’appel de participation d’un EPCI pour l’année (Excel, calcul détaillé)',
  async run(api, _params, options) {
    const year = await yearOrDefault(api, options);
    const report = await api.call('report.statement', { epci: text(options, 'epci') ?? '', year });
    const out = text(options, 'out') as string;
    const bytes = Buffer.from(report.content, 'base64');
    writeOutputFile(out, bytes);
    return {
      json: { file: out, bytes: bytes.length },
      text: `Appel de participation ${year} écrit dans ${out}.`,
    };
  },
};
