import type { Api } from '../../../shared/api.ts';
import { AppError } from '../../../shared/errors.ts';
import { byOption, type Command, text } from '../command.ts';

async function libraryFilter(api: Api, idOrCode: string | undefined): Promise<string | undefined> {
  if (idOrCode === undefined) return undefined;
  const found = (await api.call('library.list', {})).find(
    (l) => l.id === idOrCode || l.code === idOrCode.toUpperCase(),
  );
  if (!found)
    throw new AppError('INVALID_INPUT', `Aucune bibliothèque n’a l’identifiant ou le code « ${idOrCode} ».`);
  return found.id;
}

const libraryOption = {
  library: { type: 'string', value: 'ID|CODE', help: 'seulement cette bibliothèque' },
} as const;

export const patronsSearch: Command = {
  words: ['patrons', 'search'],
  params: ['texte'],
  options: libraryOption,
  summary: 'cherche des lecteurs par nom, carte ou courriel (sans se soucier des accents)',
  async run(api, [query], options) {
    const { patrons } = await api.call('patron.search', {
      text: query ?? '',
      libraryId: await libraryFilter(api, text(options, 'library')),
      limit: 200,
    });
    return {
      json: patrons,
      text:
        patrons
          .map((p) => `${p.cardNumber.padEnd(14)} ${p.lastName} ${p.firstName ?? ''} — ${p.libraryName}`)
          .join('\n') || 'Aucun lecteur.',
    };
  },
};

export const patronsCount: Command = {
  words: ['patrons', 'count'],
  params: [],
  options: libraryOption,
  summary: 'le nombre de lecteurs inscrits',
  async run(api, _params, options) {
    const counted = await api.call('patron.count', {
      libraryId: await libraryFilter(api, text(options, 'library')),
    });
    return {
      json: counted,
      text: `${counted.count} lecteurs inscrits (${counted.persons} personnes distinctes).`,
    };
  },
};

export const patronsPurge: Command = {
  words: ['patrons', 'purge'],
  params: [],
  options: {
    'dry-run': { type: 'boolean', help: 'compte seulement ce qui serait supprimé' },
    months: {
      type: 'string',
      value: 'MOIS',
      help: 'durée de conservation après la fin d’inscription (sinon celle des réglages RGPD, 12 par défaut)',
    },
    ...byOption,
  },
  summary: 'applique la règle de conservation (RGPD) : supprime les inscriptions terminées depuis longtemps',
  async run(api, _params, options) {
    const months = text(options, 'months') === undefined ? undefined : Number(text(options, 'months'));
    if (options['dry-run'] === true) {
      const preview = await api.call('patron.purgePreview', { months });
      return {
        json: { cutoff: preview.cutoff, count: preview.count, purged: 0 },
        text: `${preview.count} lecteurs seraient supprimés (fin d’inscription avant le ${preview.cutoff}).`,
      };
    }
    const result = await api.call('patron.purge', { months, by: text(options, 'by') });
    return {
      json: result,
      text: `${result.purged} lecteurs supprimés (fin d’inscription avant le ${result.cutoff}) ; ${result.backupsRemoved} sauvegardes antérieures supprimées, une nouvelle faite.`,
    };
  },
};
