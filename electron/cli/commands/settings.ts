import type { Api } from '../../../shared/api.ts';
import { noExpiryRules } from '../../../shared/domain/retention.ts';
import { defaultReportYear, type Settings, type SettingsPatch } from '../../../shared/domain/settings.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Command, OptionValues } from '../command.ts';
import { text } from '../command.ts';

/** The settings as the command line names them: one key, how to read it, how to change it. */
const keys = {
  'staff-name': {
    help: 'nom de l’agent qui signe les modifications faites sur ce poste',
    get: (s: Settings) => s.staffName,
    patch: (value: string): SettingsPatch => ({ staffName: value }),
  },
  'retention-months': {
    help: 'durée de conservation RGPD, en mois (1 à 120)',
    get: (s: Settings) => s.retention.months,
    patch: (value: string): SettingsPatch => ({ retention: { months: integer(value, 'Nombre de mois') } }),
  },
  'no-expiry': {
    help: `lecteurs sans date de fin : ${noExpiryRules.join(' ou ')}`,
    get: (s: Settings) => s.retention.noExpiry,
    patch: (value: string): SettingsPatch => ({ retention: { noExpiry: value as never } }),
  },
  'report-year-offset': {
    help: 'année proposée par les rapports : l’année en cours plus ce décalage (-2 à 5 ; 1 = l’an prochain)',
    get: (s: Settings) => s.reports.yearOffset,
    patch: (value: string): SettingsPatch => ({
      reports: { yearOffset: integer(value, 'Décalage d’année') },
    }),
  },
  'report-keep-copy': {
    help: 'application de bureau : garder une copie du rapport de financement dans son dossier (oui ou non)',
    get: (s: Settings) => s.reports.keepCopy,
    patch: (value: string): SettingsPatch => ({ reports: { keepCopy: yesNo(value) } }),
  },
} as const;
type Key = keyof typeof keys;

function integer(value: string, what: string): number {
  if (!/^-?\d+$/.test(value.trim()))
    throw new AppError('INVALID_INPUT', `${what} invalide : « ${value} » n’est pas un nombre entier.`);
  return Number(value.trim());
}

function yesNo(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['oui', 'true', '1'].includes(v)) return true;
  if (['non', 'false', '0'].includes(v)) return false;
  throw new AppError('INVALID_INPUT', `Valeur invalide : « ${value} » (oui ou non).`);
}

function keyOf(name: string): Key {
  if (!Object.hasOwn(keys, name)) {
    throw new AppError(
      'INVALID_INPUT',
      `Réglage inconnu : « ${name} ». Réglages : ${Object.keys(keys).join(', ')}.`,
    );
  }
  return name as Key;
}

const shown = (value: string | number | boolean) =>
  typeof value === 'boolean' ? (value ? 'oui' : 'non') : value === '' ? '(aucun)' : String(value);

const keyList = Object.entries(keys)
  .map(([name, k]) => `${name} (${k.help})`)
  .join(' ; ');

/** The year a report or listing is for: `--year` when given, else the year the report defaults propose. */
export async function yearOrDefault(api: Api, options: OptionValues): Promise<number> {
  const given = text(options, 'year');
  if (given === undefined) return defaultReportYear((await api.call('settings.get', {})).reports, new Date());
  const year = Number(given);
  if (!Number.isInteger(year)) throw new AppError('INVALID_INPUT', 'Année invalide (exemple : --year 2027).');
  return year;
}

export const settingsGet: Command = {
  words: ['settings', 'get'],
  params: ['clé?'],
  summary: `les réglages de ce poste, ou l’un d’eux : ${keyList}`,
  async run(api, [name]) {
    const key = name === undefined ? undefined : keyOf(name);
    const settings = await api.call('settings.get', {});
    if (key) {
      const value = keys[key].get(settings);
      return { json: { key, value }, text: shown(value) };
    }
    const lines = Object.entries(keys).map(([k, spec]) => `${k.padEnd(20)} ${shown(spec.get(settings))}`);
    return { json: settings, text: lines.join('\n') };
  },
};

export const settingsSet: Command = {
  words: ['settings', 'set'],
  params: ['clé', 'valeur'],
  summary: 'change un réglage de ce poste (mêmes clés que settings get)',
  async run(api, [name, value]) {
    const key = keyOf(name ?? '');
    const settings = await api.call('settings.update', keys[key].patch(value ?? ''));
    const saved = keys[key].get(settings);
    return { json: { key, value: saved }, text: `Réglage ${key} : ${shown(saved)}.` };
  },
};
