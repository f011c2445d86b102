import { formatEuros, formatEurosFr } from '../../../shared/domain/money.ts';
import { AppError } from '../../../shared/errors.ts';
import { type Command, text } from '../command.ts';
import { renderTable } from '../output.ts';

const eurosFr = (cents: number) => formatEurosFr(formatEuros(cents));
/** "4.06" → "4,06 €": an exact ratio of the contract, said the French way; null → the dash. */
const decimalFr = (decimal: string | null, unit = '') =>
  decimal === null ? '—' : `${decimal.replace('.', ',')}${unit}`;
const countOr = (n: number | null) => (n === null ? '—' : String(n));

/** `mednum indicators usage --year AAAA`: the Indicateurs screen's figures (issue 18). */
export const usageIndicators: Command = {
  words: ['indicators', 'usage'],
  params: [],
  options: { year: { type: 'string', value: 'AAAA', required: true, help: 'l’année' } },
  summary:
    'les indicateurs d’usage de l’année (écran Indicateurs) : utilisations, coût par utilisation et par lecteur actif, lecteurs actifs pour 1 000 habitants',
  async run(api, _params, options) {
    const given = text(options, 'year') ?? '';
    if (!/^\d{4}$/.test(given))
      throw new AppError('INVALID_INPUT', 'Année invalide (exemple : --year 2026).');
    const data = await api.call('indicators.usage', { year: Number(given) });
    const d = data.departement;
    const summary = [
      `Indicateurs d’usage ${data.year}`,
      'Utilisations : demandes de documents (Total_Item_Requests) déclarées par les fournisseurs (COUNTER).',
      `Département : ${d.requests} utilisations, coût ${eurosFr(d.costCents)}, ${decimalFr(d.costPerUse, ' €')} par utilisation, ${decimalFr(d.costPerActivePatron, ' €')} par lecteur actif`,
      data.activityFetchedAt === null
        ? `Lecteurs actifs : pas encore de chiffres de connexion pour ${data.year} (ils arrivent à la synchronisation)`
        : `Lecteurs actifs : ${countOr(d.activePatrons)} ; ${decimalFr(data.coveredPer1000)} pour 1 000 habitants des EPCI couverts`,
    ];
    const platforms = renderTable(
      ['Plateforme', 'Utilisations', 'Coût', 'Par utilisation', 'Lecteurs actifs', 'Par lecteur actif'],
      data.platforms.map((p) => [
        p.platform,
        countOr(p.requests),
        p.costCents === null ? '—' : eurosFr(p.costCents),
        decimalFr(p.costPerUse, ' €'),
        countOr(p.activePatrons),
        decimalFr(p.costPerActivePatron, ' €'),
      ]),
    );
    const unmatched = data.unmatchedCosts.map(
      (c) =>
        `Ligne de coût rattachée à aucune plateforme : ${c.vendor} — ${c.label} (${eurosFr(c.amountCents)})`,
    );
    const epci = renderTable(
      ['EPCI', 'Couvert', 'Population', 'Lecteurs actifs', 'Pour 1 000 hab.'],
      data.epci.map((e) => [
        e.name,
        e.covered ? 'oui' : 'non',
        e.population,
        countOr(e.activePatrons),
        decimalFr(e.per1000),
      ]),
    );
    return { json: data, text: [...summary, '', platforms, ...unmatched, '', epci].join('\n') };
  },
};
