import { perimeterLabels, prorataLabels } from '../../../shared/domain/convention.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { formatEurosFr } from '../../../shared/domain/money.ts';
import type { Command } from '../command.ts';
import { text } from '../command.ts';
import { renderTable } from '../output.ts';

const period = (c: { start: string; end: string | null }) =>
  `${formatDateFr(c.start)} → ${c.end ? formatDateFr(c.end) : 'sans fin'}`;

export const conventionList: Command = {
  words: ['convention', 'list'],
  params: [],
  options: { epci: { type: 'string', value: 'SIREN', help: 'les conventions de cet EPCI seulement' } },
  summary: 'les conventions enregistrées (toutes, ou celles d’un EPCI)',
  async run(api, _params, options) {
    const epci = text(options, 'epci');
    const list = await api.call('convention.list', epci === undefined ? {} : { epci });
    const table = renderTable(
      ['Identifiant', 'EPCI', 'Période', 'Taux', 'Base', 'Référence'],
      list.map((c) => [
        c.id,
        c.epciName,
        period(c),
        formatEurosFr(c.rate),
        `${c.basis} ${c.millesime}`,
        c.reference || '—',
      ]),
    );
    return { json: list, text: list.length ? table : 'Aucune convention enregistrée.' };
  },
};

export const conventionShow: Command = {
  words: ['convention', 'show'],
  params: ['id'],
  summary: 'une convention : ses termes, la population qu’elle a figée, son document',
  async run(api, [id]) {
    const c = await api.call('convention.get', { id: id ?? '' });
    const lines = [
      `Convention ${c.reference || 'sans référence'} — ${c.epciName} (${c.epci})`,
      `Identifiant : ${c.id}`,
      `Signée le : ${c.signedOn ? formatDateFr(c.signedOn) : 'non renseigné'}`,
      `Période : ${period(c)}`,
      `Taux par habitant : ${formatEurosFr(c.rate)}`,
      `Population : ${c.basis}, millésime ${c.millesime}, ${perimeterLabels[c.perimeter]} : ${
        c.population.value === null ? 'inconnue' : c.population.value
      } (${c.population.communes} communes${c.population.missing ? `, ${c.population.missing} sans chiffre` : ''})`,
      `Prorata : ${prorataLabels[c.prorata]}`,
      `Plancher : ${c.floor ? formatEurosFr(c.floor) : 'aucun'} ; plafond : ${c.cap ? formatEurosFr(c.cap) : 'aucun'}`,
      `Document : ${c.document ? `${c.document.fileName}${c.document.intact ? '' : ' (modifié ou absent sur le disque)'}` : 'aucun'}`,
    ];
    return { json: c, text: lines.join('\n') };
  },
};
