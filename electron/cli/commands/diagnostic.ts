import type { Command } from '../command.ts';

export const diagnosticExport: Command = {
  words: ['diagnostic', 'export'],
  params: [],
  summary:
    'écrit un dossier de diagnostic (journaux, versions, nombres de lignes ; aucune donnée de lecteur)',
  async run(api) {
    const result = await api.call('diagnostic.export', {});
    return {
      json: result,
      text: `Diagnostic écrit dans « ${result.folder} » (${result.files.length} fichiers).`,
    };
  },
};
