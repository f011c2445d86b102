import { pricingLabels } from '../../../shared/domain/costs.ts';
import { formatEuros, formatEurosFr } from '../../../shared/domain/money.ts';
import { AppError } from '../../../shared/errors.ts';
import { byOption, type Command, type OptionValues, text } from '../command.ts';
import { renderTable } from '../output.ts';
import { yearOrDefault } from './settings.ts';

function requiredYear(options: OptionValues): number {
  const year = Number(text(options, 'year'));
  if (!/^\d{4}$/.test(text(options, 'year') ?? '') || !Number.isInteger(year))
    throw new AppError('INVALID_INPUT', 'Année invalide (exemple : --year 2027).');
  return year;
}

const eurosFr = (cents: number) => formatEurosFr(formatEuros(cents));
/** "12.5" → "12,5": an exact ratio of the contract, said the French way. */
const decimalFr = (decimal: string | null, unit = '') =>
  decimal === null ? '—' : `${decimal.replace('.', ',')}${unit}`;

export const costList: Command = {
  words: ['cost', 'list'],
  params: [],
  options: {
    year: {
      type: 'string',
      value: 'AAAA',
      help: 'l’année des coûts (sinon celle que proposent les rapports, voir settings)',
    },
  },
  summary: 'les lignes de coût du service pour une année',
  async run(api, _params, options) {
    const year = await yearOrDefault(api, options);
    const lines = await api.call('cost.list', { year });
    const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
    const table = renderTable(
      ['Identifiant', 'Fournisseur', 'Libellé', 'Tarification', 'Montant'],
      lines.map((l) => [l.id, l.vendor, l.label, pricingLabels[l.pricing], eurosFr(l.amountCents)]),
    );
    return {
      json: lines,
      text: lines.length
        ? `${table}\n\nCoût du service ${year} : ${eurosFr(total)}`
        : `Aucune ligne de coût en ${year}.`,
    };
  },
};

export const costAdd: Command = {
  words: ['cost', 'add'],
  params: [],
  options: {
    year: { type: 'string', value: 'AAAA', required: true, help: 'l’année du coût' },
    vendor: { type: 'string', value: 'FOURNISSEUR', required: true, help: 'le fournisseur' },
    label: { type: 'string', value: 'LIBELLÉ', required: true, help: 'ce qui est acheté' },
    pricing: {
      type: 'string',
      value: 'TARIF',
      required: true,
      help: 'flat|population_band|per_patron|per_credit',
    },
    amount: { type: 'string', value: 'EUROS', required: true, help: 'montant, ex. 30000 ou 1 500,50' },
    ...byOption,
  },
  summary: 'ajoute une ligne de coût du service (écran Participations)',
  async run(api, _params, options) {
    const added = await api.call('cost.add', {
      year: requiredYear(options),
      vendor: text(options, 'vendor') ?? '',
      label: text(options, 'label') ?? '',
      pricing: text(options, 'pricing') as never,
      amount: text(options, 'amount') ?? '',
      by: text(options, 'by'),
    });
    return { json: added, text: `Ligne de coût enregistrée (${added.id}).` };
  },
};

export const costRemove: Command = {
  words: ['cost', 'remove'],
  params: ['id'],
  options: { ...byOption },
  summary: 'supprime une ligne de coût (identifiant donné par cost list)',
  async run(api, [id], options) {
    const removed = await api.call('cost.remove', { id: id ?? '', by: text(options, 'by') });
    return { json: removed, text: `Ligne de coût ${removed.id} supprimée.` };
  },
};

export const indicators: Command = {
  words: ['indicators'],
  params: [],
  options: { year: { type: 'string', value: 'AAAA', required: true, help: 'l’année' } },
  summary:
    'les indicateurs de coût de l’année (écran Participations) : coût, participations, part du Département',
  async run(api, _params, options) {
    const data = await api.call('indicators.compute', { year: requiredYear(options) });
    const costKnown = data.costCents > 0;
    const summary = [
      `Indicateurs ${data.year} (populations ${data.millesime})`,
      `Coût du service : ${costKnown ? eurosFr(data.costCents) : 'non renseigné'}`,
      `Participations des EPCI : ${eurosFr(data.contributionsCents)}`,
      `Part du Département : ${costKnown ? eurosFr(data.departementShareCents) : '—'}`,
      `Population couverte : ${data.coveredPopulation} (${decimalFr(data.coveredShare, ' %')} de ${data.departementPopulation})`,
      `Coût par habitant couvert : ${decimalFr(data.costPerInhabitantCovered, ' €')}`,
      `Coût par lecteur inscrit : ${decimalFr(data.costPerPerson, ' €')} (${data.persons} personnes distinctes)`,
      data.activePatrons === null
        ? `Lecteurs actifs : pas encore de chiffres de connexion pour ${data.year} (ils arrivent à la synchronisation)`
        : `Lecteurs actifs : ${data.activePatrons} (${decimalFr(data.activeShare, ' %')} des ${data.patrons} inscrits, ${decimalFr(data.activePer1000)} pour 1 000 habitants couverts)`,
    ];
    const table = renderTable(
      [
        'EPCI',
        'Actif',
        'Population',
        'Personnes',
        'Pour 1 000 hab.',
        'Lecteurs actifs',
        'Actifs / inscrits',
        'Participation',
        'Par habitant',
      ],
      data.epci.map((e) => [
        e.name,
        e.active ? 'oui' : 'non',
        e.population,
        e.persons,
        decimalFr(e.patronsPer1000),
        e.activePatrons,
        decimalFr(e.activeShare, ' %'),
        eurosFr(e.contributionCents),
        decimalFr(e.contributionPerInhabitant, ' €'),
      ]),
    );
    return { json: data, text: [...summary, '', table].join('\n') };
  },
};
