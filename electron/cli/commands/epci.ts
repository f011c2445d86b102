import { populationBasisLabels } from '../../../shared/domain/convention.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { epciTypeLabels } from '../../../shared/domain/epci.ts';
import { formatEurosFr } from '../../../shared/domain/money.ts';
import { type OnboardingStatus, onboardingStatusLabels } from '../../../shared/domain/onboarding.ts';
import { byOption, type Command, text } from '../command.ts';
import { renderTable } from '../output.ts';

export const epciList: Command = {
  words: ['epci', 'list'],
  params: [],
  summary: 'les EPCI du département, avec leurs communes, populations et statuts',
  async run(api) {
    const list = await api.call('epci.list', {});
    const millesime = list[0]?.millesime;
    const table = renderTable(
      ['SIREN', 'Nom', 'Type', 'Communes', 'Pop. municipale', 'Pop. totale', 'Statut'],
      list.map((e) => [
        e.siren,
        e.name,
        e.type,
        e.communes,
        e.population.municipale,
        e.population.totale,
        onboardingStatusLabels[e.status],
      ]),
    );
    return {
      json: list,
      text: `${table}\n\n${list.length} EPCI — populations légales ${millesime ?? '—'}, sommes des communes membres.`,
    };
  },
};

export const epciShow: Command = {
  words: ['epci', 'show'],
  params: ['siren'],
  summary: 'un EPCI : statut, historique, conventions, bibliothèques, communes',
  async run(api, [siren]) {
    const epci = await api.call('epci.get', { siren: siren ?? '' });
    const history = epci.history.map(
      (h) =>
        `  ${formatDateFr(h.at)}  ${onboardingStatusLabels[h.status]} — ${h.by}${h.note ? ` : ${h.note}` : ''}`,
    );
    const conventions = epci.conventions.map(
      (c) =>
        `  ${formatDateFr(c.start)} → ${c.end ? formatDateFr(c.end) : '…'}  ${formatEurosFr(c.rate)}/hab., population ${populationBasisLabels[c.basis]} ${c.millesime}`,
    );
    const libraries = epci.libraries.map((l) => `  ${l.code.padEnd(12)} ${l.name} (${l.communeName})`);
    const communes = renderTable(
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
      text: [
        `${epci.name} — ${epciTypeLabels[epci.type]} — SIREN ${epci.siren}`,
        `Statut : ${onboardingStatusLabels[epci.status]}`,
        `Historique :\n${history.join('\n') || '  aucun'}`,
        `Conventions :\n${conventions.join('\n') || '  aucune'}`,
        `Bibliothèques :\n${libraries.join('\n') || '  aucune'}`,
        communes,
      ].join('\n'),
    };
  },
};

export const epciSetStatus: Command = {
  words: ['epci', 'set-status'],
  params: ['siren', 'statut'],
  options: {
    note: { type: 'string', value: 'TEXTE', help: 'note jointe au changement de statut' },
    ...byOption,
  },
  summary: 'change le statut d’un EPCI (not_contacted, in_discussion, convention_drafted, …)',
  async run(api, [siren, status], options) {
    const move = await api.call('epci.setStatus', {
      siren: siren ?? '',
      status: status as OnboardingStatus,
      note: text(options, 'note') ?? '',
      by: text(options, 'by'),
    });
    return {
      json: move,
      text: `Statut : ${move.from ? onboardingStatusLabels[move.from] : '—'} → ${onboardingStatusLabels[move.status]} (par ${move.by}).`,
    };
  },
};
