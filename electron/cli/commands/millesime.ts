import path from 'node:path';
import { byOption, type Command, readInputFile, text } from '../command.ts';

export const millesimeImport: Command = {
  words: ['millesime', 'import'],
  params: ['fichier'],
  options: {
    year: { type: 'string', value: 'AAAA', required: true, help: 'millésime des populations du fichier' },
    'basis-file-kind': { type: 'string', value: 'TYPE', help: 'insee (PMUN, PCAP, PTOT ; défaut) ou dgf' },
    ...byOption,
  },
  summary: 'importe un fichier de populations légales INSEE (CSV ou XLSX) ou DGF',
  async run(api, [file], options) {
    const bytes = readInputFile(file ?? '');
    const year = Number(text(options, 'year'));
    const result = await api.call('millesime.import', {
      fileName: path.basename(file ?? ''),
      content: bytes.toString('base64'),
      year: Number.isInteger(year) ? year : Number.NaN,
      kind: (text(options, 'basis-file-kind') ?? 'insee') as never,
      by: text(options, 'by'),
    });
    const lines = [
      `Populations ${result.kind === 'dgf' ? 'DGF' : 'légales'} ${result.millesime} : ${result.communes} communes importées.`,
      `Hors du département (ignorées) : ${result.ignored}.`,
      `Communes sans chiffre dans le fichier : ${result.missing.length ? result.missing.map((c) => `${c.name} (${c.insee})`).join(', ') : 'aucune'}.`,
      ...result.rejected.map((r) => `Ligne ${r.line} rejetée : ${r.reason}`),
    ];
    return { json: result, text: lines.join('\n') };
  },
};
