import { ilsLabels } from '../../../shared/domain/library.ts';
import { byOption, type Command, text } from '../command.ts';
import { renderTable } from '../output.ts';

export const libraryAdd: Command = {
  words: ['library', 'add'],
  params: [],
  options: {
    name: { type: 'string', value: 'NOM', required: true, help: 'nom de la bibliothèque' },
    commune: { type: 'string', value: 'INSEE', required: true, help: 'code INSEE de sa commune' },
    ils: {
      type: 'string',
      value: 'SIGB',
      required: true,
      help: 'koha|pmb|orphee|decalog|syracuse|biblixnet|other',
    },
    code: { type: 'string', value: 'CODE', help: 'code court (sinon tiré du nom de la commune)' },
    kind: { type: 'string', value: 'TYPE', help: 'mediatheque|bibliotheque|point_lecture' },
    ...byOption,
  },
  summary: 'ajoute une bibliothèque membre (son EPCI suit de sa commune)',
  async run(api, _params, options) {
    const added = await api.call('library.add', {
      name: text(options, 'name') ?? '',
      commune: text(options, 'commune') ?? '',
      ils: text(options, 'ils') as never,
      code: text(options, 'code'),
      kind: text(options, 'kind') as never,
      by: text(options, 'by'),
    });
    return { json: added, text: `Bibliothèque ajoutée : code ${added.code}, EPCI ${added.epci ?? '—'}.` };
  },
};

export const libraryList: Command = {
  words: ['library', 'list'],
  params: [],
  options: { epci: { type: 'string', value: 'SIREN', help: 'seulement celles de cet EPCI' } },
  summary: 'les bibliothèques membres',
  async run(api, _params, options) {
    const list = await api.call('library.list', { epci: text(options, 'epci') });
    const table = renderTable(
      ['Code', 'Nom', 'Commune', 'EPCI', 'SIGB', 'Participe'],
      list.map((l) => [
        l.code,
        l.name,
        l.communeName,
        l.epciName ?? '—',
        ilsLabels[l.ils],
        l.participating ? 'oui' : 'non',
      ]),
    );
    return { json: list, text: `${table}\n\n${list.length} bibliothèque(s).` };
  },
};
