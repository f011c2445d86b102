import type { Command } from '../command.ts';

export const info: Command = {
  words: ['info'],
  params: [],
  summary: 'version, département, base de données et données de référence',
  async run(api) {
    const info = await api.call('app.info', {});
    const reference = info.referenceData
      .map(
        (set) => `  ${set.source} — populations légales ${set.millesime} (en vigueur en ${set.inForceYear})`,
      )
      .join('\n');
    return {
      json: info,
      text: [
        `${info.name} ${info.version}`,
        `Département : ${info.departement}`,
        `Base de données : ${info.databasePath} (schéma v${info.schemaVersion})`,
        `Données de référence :\n${reference || '  aucune'}`,
      ].join('\n'),
    };
  },
};
