import { readSetting } from '../../db/queries/settings.ts';
import { departementTitle } from '../../db/reference/departements.ts';
import type { Handlers } from '../../shared/contract.ts';
import { onboardingStatusLabels } from '../../shared/domain/onboarding.ts';
import { defaultReportYear } from '../../shared/domain/settings.ts';
import { platformKey } from '../../shared/domain/usage/indicators.ts';
import { staffNameKey } from './actor.ts';
import type { AppContext } from './context.ts';
import type { BnrData, BnrUsageYear } from './reports/bnr-data.ts';
import { writeBnrWorkbook, writeSurveyWorkbook } from './reports/bnr-workbook.ts';
import { frenchDate, parisWallClock } from './reports/cells.ts';

type BnrHandlers = Pick<Handlers, 'report.bnr' | 'report.survey'>;
type Sources = Pick<
  Handlers,
  | 'indicators.compute'
  | 'indicators.usage'
  | 'contributions.compute'
  | 'cost.list'
  | 'library.list'
  | 'eligibility.counts'
  | 'epci.list'
  | 'usage.list'
  | 'settings.get'
>;

/**
 * The « Dossier BNR » and the yearly survey (issue 18, item 3), written from the very methods the screens
 * call, so the workbooks' figures are the app's figures.
 */
export function bnrHandlers(
  context: Pick<AppContext, 'database' | 'departement' | 'now' | 'work'>,
  sources: Sources,
): BnrHandlers {
  const { db } = context.database;

  async function usageYear(year: number, imports: Awaited<ReturnType<Sources['usage.list']>>) {
    const [usage, costs] = await Promise.all([
      sources['indicators.usage']({ year }),
      sources['cost.list']({ year }),
    ]);
    const inForce = imports.filter(
      (i) => i.undoneAt === null && i.firstMonth <= `${year}-12` && i.lastMonth >= `${year}-01`,
    );
    const sourceOf = (platform: string) => {
      const key = platformKey(platform);
      const reports = inForce
        .filter((i) => i.platforms.some((p) => platformKey(p) === key))
        .map(
          (i) =>
            `Rapport COUNTER ${i.release} ${i.reportKind} « ${i.fileName} » importé le ${frenchDate(parisWallClock(new Date(i.committedAt)))}`,
        );
      return reports.length > 0 ? reports.join(' ; ') : 'Aucun rapport d’usage importé';
    };
    const result: BnrUsageYear = {
      year,
      activityFetchedAt: usage.activityFetchedAt,
      departementActive: usage.departement.activePatrons,
      // The same matching as the indicators (platformKey), so the workbook's cost per use is theirs.
      platforms: usage.platforms.map((p) => ({
        platform: p.platform,
        requests: p.requests,
        activePatrons: p.activePatrons,
        costLineIds: costs.filter((c) => platformKey(c.vendor) === platformKey(p.platform)).map((c) => c.id),
        source: sourceOf(p.platform),
      })),
      epciActive: usage.epci.map((e) => ({ siren: e.epci, activePatrons: e.activePatrons })),
    };
    return { result, costs };
  }

  async function gather(years: number[]): Promise<BnrData> {
    const last = years.at(-1) as number;
    const [indicators, epciList, libraries, counts, imports, staffName] = await Promise.all([
      sources['indicators.compute']({ year: last }),
      sources['epci.list']({}),
      sources['library.list']({}),
      sources['eligibility.counts']({}),
      sources['usage.list']({}),
      readSetting(db, staffNameKey),
    ]);
    const statusOf = new Map(epciList.map((e) => [e.siren, onboardingStatusLabels[e.status]]));
    const countOf = new Map(counts.libraries.map((l) => [l.libraryId, l]));
    const costs: BnrData['costs'] = [];
    const contributions: BnrData['contributions'] = [];
    const usage: BnrUsageYear[] = [];
    for (const year of years) {
      const [{ result, costs: yearCosts }, computed] = await Promise.all([
        usageYear(year, imports),
        sources['contributions.compute']({ year }),
      ]);
      usage.push(result);
      costs.push(...yearCosts.map((c) => ({ ...c, year })));
      contributions.push(
        ...computed.lines.map((l) => ({
          year,
          epciName: l.name,
          reference: l.reference,
          amountCents: l.amountCents,
        })),
      );
    }
    return {
      years,
      generatedAt: context.now(),
      generatedBy: staffName || 'mednum-admin',
      departementTitle: departementTitle(context.departement),
      millesime: indicators.millesime,
      departementPopulation: indicators.departementPopulation,
      epci: indicators.epci.map((e) => ({
        siren: e.epci,
        name: e.name,
        status: statusOf.get(e.epci) ?? '',
        covered: e.active,
        population: e.population,
      })),
      patronsOn: counts.on,
      libraries: libraries
        .map((l) => ({
          name: l.name,
          communeName: l.communeName,
          epci: l.epci,
          epciName: l.epciName,
          participating: l.participating,
          participatingSince: l.participatingSince,
          registered: countOf.get(l.id)?.registered ?? 0,
          eligible: countOf.get(l.id)?.eligible ?? 0,
        }))
        .sort(
          (a, b) =>
            (a.epciName ?? '').localeCompare(b.epciName ?? '', 'fr') || a.name.localeCompare(b.name, 'fr'),
        ),
      costs: costs.map((c) => ({
        id: c.id,
        year: c.year,
        vendor: c.vendor,
        label: c.label,
        amountCents: c.amountCents,
      })),
      contributions,
      usage,
    };
  }

  return {
    async 'report.bnr'({ from, to }) {
      const proposed = defaultReportYear((await sources['settings.get']({})).reports, context.now());
      const last = to ?? (from !== undefined ? from + 2 : proposed);
      const first = from ?? last - 2;
      const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      return context.work.run('Dossier BNR', 'années rassemblées', async (advance) => {
        advance(0, 1);
        const content = await writeBnrWorkbook(await gather(years));
        advance(1, 1);
        return { fileName: `dossier-bnr-${first}-${last}.xlsx`, content: content.toString('base64') };
      });
    },

    async 'report.survey'({ year }) {
      const content = await writeSurveyWorkbook(await gather([year]));
      return {
        fileName: `enquete-ressources-numeriques-${year}.xlsx`,
        content: content.toString('base64'),
      };
    },
  };
}
