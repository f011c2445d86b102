import { AppError } from '../../../shared/errors.ts';
import { type Command, type OptionValues, text, writeOutputFile } from '../command.ts';

const outOption = {
  type: 'string',
  value: 'FICHIER.xlsx',
  required: true,
  help: 'le classeur à écrire',
} as const;

/** A four-digit year option, or undefined when not given; refused in French otherwise. */
function yearOf(options: OptionValues, name: string): number | undefined {
  const given = text(options, name);
  if (given === undefined) return undefined;
  if (!/^\d{4}$/.test(given))
    throw new AppError('INVALID_INPUT', `Année invalide (exemple : --${name} 2026).`);
  return Number(given);
}

/** `mednum report bnr [--from AAAA --to AAAA] --out FICHIER.xlsx` (issue 18, item 3). */
export const reportBnr: Command = {
  words: ['report', 'bnr'],
  params: [],
  options: {
    from: {
      type: 'string',
      value: 'AAAA',
      help: 'la première année (par défaut : deux ans avant la dernière)',
    },
    to: {
      type: 'string',
      value: 'AAAA',
      help: 'la dernière année (par défaut : l’année proposée des rapports)',
    },
    out: outOption,
  },
  summary:
    'le « Dossier BNR » (Excel) : territoire, bibliothèques, budget sur plusieurs années, usages, chaque chiffre relié à sa source',
  async run(api, _params, options) {
    const from = yearOf(options, 'from');
    const to = yearOf(options, 'to');
    const report = await api.call('report.bnr', {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
    const out = text(options, 'out') as string;
    const bytes = Buffer.from(report.content, 'base64');
    writeOutputFile(out, bytes);
    return { json: { file: out, bytes: bytes.length }, text: `Dossier BNR écrit dans ${out}.` };
  },
};

/** `mednum report survey --year AAAA --out FICHIER.xlsx`: the ministry survey's digital-resources figures. */
export const reportSurvey: Command = {
  words: ['report', 'survey'],
  params: [],
  options: {
    year: { type: 'string', value: 'AAAA', required: true, help: 'l’année de l’enquête' },
    out: outOption,
  },
  summary:
    'les chiffres des ressources numériques de l’enquête annuelle du ministère (Excel, reliés à leurs sources)',
  async run(api, _params, options) {
    const year = yearOf(options, 'year') as number;
    const report = await api.call('report.survey', { year });
    const out = text(options, 'out') as string;
    const bytes = Buffer.from(report.content, 'base64');
    writeOutputFile(out, bytes);
    return {
      json: { file: out, bytes: bytes.length },
      text: `Enquête annuelle ${year} (ressources numériques) écrite dans ${out}.`,
    };
  },
};
