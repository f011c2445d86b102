import { listAllConventions } from '../../db/queries/conventions.ts';
import { listEpci } from '../../db/queries/epci.ts';
import { membersWithPopulation } from '../../db/queries/populations.ts';
import { referenceStamp } from '../../db/queries/reference.ts';
import { readSetting } from '../../db/queries/settings.ts';
import type { Handlers } from '../../shared/contract.ts';
import {
  type Band,
  type ContributionLine,
  type ContributionsResult,
  contribution,
  fractionToDecimalString,
  prorata,
  readStoredBands,
  type Scenario,
} from '../../shared/domain/contributions/index.ts';
import { describeProrata } from '../../shared/domain/contributions/prorata.ts';
import type { Perimeter, Prorata } from '../../shared/domain/convention.ts';
import type { PopulationBasis } from '../../shared/domain/epci.ts';
import { formatRate, parseEuros, parseRate } from '../../shared/domain/money.ts';
import type { UsageIndicators } from '../../shared/domain/usage/indicators.ts';
import { AppError } from '../../shared/errors.ts';
import { activePatronsFigures } from './active-patrons.ts';
import { staffNameKey } from './actor.ts';
import type { AppContext } from './context.ts';
import { currentMillesime } from './reference.ts';
import { writeContributionsCsv } from './reports/contributions-csv.ts';
import { writeFinancingWorkbook } from './reports/financing-workbook.ts';
import { keepReport, reportsDirFor, revealablePath } from './reports/kept-reports.ts';
import { writeStatementWorkbook } from './reports/statement-workbook.ts';
import { resolveScenarios } from './scenario-handlers.ts';
import type { Advance } from './work-in-progress.ts';

/** A convention as the engine needs it, whether stored or from a scenario. */
interface Terms {
  epci: string;
  source: 'convention' | 'scenario';
  conventionId: string | null;
  reference: string;
  start: string;
  end: string | null;
  rateE4: number;
  /** Degressive bands, stored or from a scenario; `rateE4` is then the first band's. */
  bands?: Band[] | undefined;
  basis: PopulationBasis;
  millesime: number;
  perimeter: Perimeter;
  prorata: Prorata;
  floorCents: number | null;
  capCents: number | null;
}

type Members = Awaited<ReturnType<typeof membersWithPopulation>>;

const overlapsYear = (terms: { start: string; end: string | null }, year: number) =>
  terms.start <= `${year}-12-31` && (terms.end ?? '9999-12-31') >= `${year}-01-01`;

/**
 * Contributions for a year: every convention in force that year (or, for an EPCI a scenario names, the
 * scenario's conventions instead), each computed by the exact engine on the population it froze.
 */
export function contributionHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'log' | 'now' | 'revealer' | 'work'>,
  /**
   * The year's usage indicators for the workbook's « Usages » sheet. Given late: they are computed over
   * the cost handlers, which are composed over this module's contributions.compute.
   */
  usageOf?: (year: number) => Promise<UsageIndicators>,
): Pick<
  Handlers,
  'contributions.compute' | 'contributions.csv' | 'report.financing' | 'report.statement' | 'report.reveal'
> {
  const { db } = context.database;
  const { departement } = context;

  /**
   * The reference figures a computation reads (the EPCI list, each EPCI's communes and populations) only
   * change when population data is imported: they are kept until the data sets change, so comparing four
   * scenarios reads them once.
   */
  let cached: { stamp: string; epci: Map<string, string>; members: Map<string, Members> } | null = null;
  async function reference() {
    const stamp = await referenceStamp(db);
    if (cached?.stamp !== stamp) {
      const list = await listEpci(db, departement, await currentMillesime(db, departement));
      cached = { stamp, epci: new Map(list.map((e) => [e.siren, e.name])), members: new Map() };
    }
    return cached;
  }

  async function membersOf(siren: string, millesime: number, basis: PopulationBasis): Promise<Members> {
    const { members } = await reference();
    const key = `${siren}/${millesime}/${basis}`;
    let found = members.get(key);
    if (!found) {
      found = await membersWithPopulation(db, siren, millesime, basis);
      members.set(key, found);
    }
    return found;
  }

  async function termsFor(year: number, scenario: Scenario | undefined): Promise<Terms[]> {
    const epciOfDepartement = (await reference()).epci;
    const stored = await listAllConventions(db);
    const replaced = new Set(scenario?.conventions.map((c) => c.epci) ?? []);
    const fromStore: Terms[] = stored
      .filter((c) => epciOfDepartement.has(c.epci_siren) && !replaced.has(c.epci_siren))
      .map((c) => ({
        epci: c.epci_siren,
        source: 'convention',
        conventionId: c.id,
        reference: c.reference,
        start: c.start_on,
        end: c.end_on,
        rateE4: c.rate_e4,
        basis: c.basis,
        millesime: c.millesime,
        perimeter: c.perimeter,
        prorata: c.prorata,
        floorCents: c.floor_cents,
        capCents: c.cap_cents,
        bands: readStoredBands(c.bands) ?? undefined,
      }));
    const fromScenario: Terms[] = (scenario?.conventions ?? []).map((c) => ({
      epci: c.epci,
      source: 'scenario',
      conventionId: null,
      reference: scenario?.name ?? '',
      start: c.start,
      end: c.end,
      rateE4: parseRate(c.rate) as number,
      bands: c.bands?.map((band) => ({ upTo: band.upTo, rateE4: parseRate(band.rate) as number })),
      basis: c.basis,
      millesime: c.millesime,
      perimeter: c.perimeter,
      prorata: c.prorata,
      floorCents: c.floor === null ? null : parseEuros(c.floor),
      capCents: c.cap === null ? null : parseEuros(c.cap),
    }));
    return [...fromStore, ...fromScenario]
      .filter((t) => overlapsYear(t, year))
      .sort((a, b) => a.epci.localeCompare(b.epci) || a.start.localeCompare(b.start));
  }

  async function compute(year: number, scenario: Scenario | undefined): Promise<ContributionsResult> {
    // A scenario prepared for another year would replace conventions it was not written for.
    if (scenario && scenario.year !== year)
      throw new AppError(
        'INVALID_INPUT',
        `Le scénario « ${scenario.name} » porte sur ${scenario.year}, pas sur ${year}.`,
      );
    const lines: ContributionLine[] = [];
    const missing: { epci: string; name: string; basis: PopulationBasis; millesime: number }[] = [];
    for (const terms of await termsFor(year, scenario)) {
      const name = (await reference()).epci.get(terms.epci) ?? terms.epci;
      const members = await membersOf(terms.epci, terms.millesime, terms.basis);
      // The population the convention froze: its communes in the perimeter, every figure known.
      const inPerimeter = members.filter((m) => terms.perimeter === 'epci' || m.departement === departement);
      const population = inPerimeter.every((m) => m.population !== null)
        ? inPerimeter.reduce((sum, m) => sum + (m.population as number), 0)
        : null;
      if (population === null || inPerimeter.length === 0) {
        missing.push({ epci: terms.epci, name, basis: terms.basis, millesime: terms.millesime });
        continue;
      }
      const share = prorata(terms.prorata, terms, year);
      const result = contribution({
        population,
        rateE4: terms.rateE4,
        bands: terms.bands,
        prorata: share,
        floorCents: terms.floorCents,
        capCents: terms.capCents,
      });
      lines.push({
        epci: terms.epci,
        name,
        source: terms.source,
        conventionId: terms.conventionId,
        reference: terms.reference,
        start: terms.start,
        end: terms.end,
        population,
        basis: terms.basis,
        millesime: terms.millesime,
        perimeter: terms.perimeter,
        rate: formatRate(terms.rateE4),
        rateE4: terms.rateE4,
        ...(terms.bands && {
          bands: terms.bands.map((band) => ({ ...band, rate: formatRate(band.rateE4) })),
        }),
        prorataRule: terms.prorata,
        prorata: fractionToDecimalString(share, 6),
        prorataFraction: { numerator: share.numerator, denominator: share.denominator },
        prorataText: describeProrata(share),
        floorCents: terms.floorCents,
        capCents: terms.capCents,
        beforeLimitsCents: result.beforeLimitsCents,
        amountCents: result.amountCents,
        limitedBy: result.limitedBy,
        steps: [...result.steps],
        communes: members.map((m) => ({
          insee: m.insee,
          name: m.name,
          departement: m.departement,
          population: m.population,
          inPerimeter: terms.perimeter === 'epci' || m.departement === departement,
        })),
      });
    }
    return {
      year,
      scenario: scenario?.name ?? null,
      lines,
      totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
      missing,
    };
  }

  /**
   * A copy in the reports folder, only where it can be shown (the desktop app): « Ouvrir le dossier ».
   * Failing to keep it does not cost the user the workbook: the download goes on, without the button.
   */
  function keepCopy(fileName: string, content: Buffer): { path: string } | null {
    if (!context.revealer) return null;
    try {
      return { path: keepReport(reportsDirFor(context.database.path), fileName, content) };
    } catch (error) {
      context.log.warn(`Copie du rapport « ${fileName} » non enregistrée`, error);
      return null;
    }
  }

  /** A computation's scenario: a stored one by id, or one given whole. */
  async function oneScenario(ref: { id: string } | Scenario | undefined): Promise<Scenario | undefined> {
    return ref ? (await resolveScenarios(db, [ref]))[0] : undefined;
  }

  async function financingReport(year: number, scenarios: Scenario[], keep: boolean, advance: Advance) {
    const results = [await compute(year, undefined)];
    advance(1, scenarios.length + 1);
    for (const scenario of scenarios) {
      results.push(await compute(year, scenario));
      advance(results.length, scenarios.length + 1);
    }
    const content = await writeFinancingWorkbook({
      year,
      generatedAt: context.now(),
      generatedBy: (await readSetting(db, staffNameKey)) || 'mednum-admin',
      departement,
      scenarios: results,
      activePatrons: await activePatronsFigures(db, departement, year),
      usage: usageOf ? await usageOf(year) : undefined,
    });
    const fileName = `rapport-de-financement-${year}.xlsx`;
    return { fileName, content: content.toString('base64'), kept: keep ? keepCopy(fileName, content) : null };
  }

  return {
    async 'contributions.compute'({ year, scenario }) {
      return compute(year, await oneScenario(scenario));
    },

    async 'contributions.csv'({ year, scenario }) {
      const content = writeContributionsCsv(await compute(year, await oneScenario(scenario)));
      return { fileName: `participations-${year}.csv`, content: content.toString('base64') };
    },

    /** The yearly "appel de participation" of one EPCI: its first convention of the year, the others listed. */
    async 'report.statement'({ epci, year }) {
      const lines = (await compute(year, undefined)).lines.filter((l) => l.epci === epci);
      const [line, ...otherLines] = lines;
      if (!line)
        throw new AppError('NOT_FOUND', `Aucune convention de cet EPCI n’est en vigueur en ${year}.`);
      const content = await writeStatementWorkbook({
        year,
        line,
        otherLines,
        generatedAt: context.now(),
        generatedBy: (await readSetting(db, staffNameKey)) || 'mednum-admin',
        departement,
      });
      return { fileName: `participation-${year}-${epci}.xlsx`, content: content.toString('base64') };
    },

    /** "Rapport de financement <année>": the current situation, then up to four scenarios side by side. */
    async 'report.financing'({ year, scenarios, keep }) {
      return context.work.run('Rapport de financement', 'situations calculées', (advance) =>
        resolveScenarios(db, scenarios).then((chosen) => financingReport(year, chosen, keep, advance)),
      );
    },

    async 'report.reveal'({ path: candidate }) {
      const { revealer } = context;
      if (!revealer) {
        throw new AppError(
          'FORBIDDEN',
          'Ouvrir le dossier n’est possible que dans l’application de bureau : ici, le fichier a été téléchargé par le navigateur.',
        );
      }
      const filePath = revealablePath(reportsDirFor(context.database.path), candidate);
      revealer.showItemInFolder(filePath);
      return { path: filePath };
    },
  };
}
