import type { Command } from './command.ts';
import { backupCreate, backupList, backupRestore } from './commands/backup.ts';
import { reportBnr, reportSurvey } from './commands/bnr.ts';
import { contributions, reportFinancing, reportStatement } from './commands/contributions.ts';
import { conventionAdd } from './commands/convention.ts';
import { conventionList, conventionShow } from './commands/convention-read.ts';
import { costAdd, costList, costRemove, indicators } from './commands/cost.ts';
import { diagnosticExport } from './commands/diagnostic.ts';
import { eligibilityCounts, eligibilityList } from './commands/eligibility.ts';
import { epciList, epciSetStatus, epciShow } from './commands/epci.ts';
import { importFile, importList, importUndo } from './commands/import.ts';
import { importWatch } from './commands/import-watch.ts';
import { info } from './commands/info.ts';
import { libraryAdd, libraryList } from './commands/library.ts';
import { millesimeImport } from './commands/millesime.ts';
import { patronsCount, patronsPurge, patronsSearch } from './commands/patrons.ts';
import {
  accessActivity,
  accessPolicy,
  platformAdd,
  platformList,
  platformRemove,
} from './commands/platform.ts';
import {
  scenarioAdd,
  scenarioCompare,
  scenarioExport,
  scenarioImport,
  scenarioList,
  scenarioShow,
} from './commands/scenario.ts';
import { settingsGet, settingsSet } from './commands/settings.ts';
import { login, sync, syncConflicts, syncResolve, syncStatus } from './commands/sync.ts';
import { usageImport, usageList, usageTotals, usageUndo } from './commands/usage.ts';
import { usageIndicators } from './commands/usage-indicators.ts';
import { usageSushiAdd, usageSushiFetch, usageSushiList, usageSushiRemove } from './commands/usage-sushi.ts';

export const commands: Command[] = [
  info,
  epciList,
  epciShow,
  epciSetStatus,
  libraryAdd,
  libraryList,
  conventionAdd,
  conventionList,
  conventionShow,
  contributions,
  reportFinancing,
  reportStatement,
  reportBnr,
  reportSurvey,
  scenarioList,
  scenarioShow,
  scenarioAdd,
  scenarioImport,
  scenarioExport,
  scenarioCompare,
  costList,
  costAdd,
  costRemove,
  // Before `indicators`: the first command whose words lead the line is the one run.
  usageIndicators,
  indicators,
  millesimeImport,
  // The longer command words first: "import undo" before "import <fichier>".
  importUndo,
  importList,
  importWatch,
  importFile,
  patronsSearch,
  patronsCount,
  patronsPurge,
  // "eligibility counts" before "eligibility".
  eligibilityCounts,
  eligibilityList,
  platformList,
  platformAdd,
  platformRemove,
  accessPolicy,
  accessActivity,
  backupCreate,
  backupList,
  backupRestore,
  diagnosticExport,
  settingsGet,
  settingsSet,
  login,
  // "sync status" before "sync".
  syncStatus,
  syncConflicts,
  syncResolve,
  sync,
  usageImport,
  usageList,
  usageUndo,
  usageTotals,
  usageSushiList,
  usageSushiAdd,
  usageSushiRemove,
  usageSushiFetch,
];

export const globalOptions = {
  db: {
    type: 'string',
    value: 'FICHIER',
    help: 'base de données (sinon MEDNUM_DB, sinon celle de l’application)',
  },
  json: { type: 'boolean', help: 'sortie JSON seule sur la sortie standard' },
  help: { type: 'boolean', help: 'cette aide' },
} as const;

export function signature(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([name, spec]) => {
    const flag = spec.type === 'string' ? `--${name} ${spec.value ?? 'VALEUR'}` : `--${name}`;
    return spec.required ? flag : `[${flag}]`;
  });
  const params = command.params.map((p) => (p.endsWith('?') ? `[<${p.slice(0, -1)}>]` : `<${p}>`));
  return [...command.words, ...params, ...options].join(' ');
}

/** `mednum <commande> --help`: the command, then each of its options and what it does. */
export function commandUsage(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(
    ([name, spec]) =>
      `  --${`${name} ${spec.type === 'string' ? (spec.value ?? 'VALEUR') : ''}`.trimEnd().padEnd(24)} ${spec.help}`,
  );
  return [
    `Utilisation : mednum ${signature(command)}`,
    '',
    command.summary,
    ...(options.length ? ['', 'Options :', ...options] : []),
    ...(command.options?.by ? ['', ...signatureRule] : []),
  ].join('\n');
}

const signatureRule = [
  'Signature : une modification est signée par --by NOM, sinon par la variable MEDNUM_BY, sinon par le nom',
  'enregistré dans les Réglages de ce poste, sinon par le nom du compte du système (tâches planifiées).',
];

export function usage(): string {
  return [
    'Utilisation : mednum <commande> [--db FICHIER] [--json]',
    '',
    'Commandes :',
    ...commands.flatMap((c) => [`  ${signature(c)}`, `      ${c.summary}`]),
    '',
    'Options communes :',
    ...Object.entries(globalOptions).map(([name, spec]) => `  --${name.padEnd(12)} ${spec.help}`),
    '',
    ...signatureRule,
  ].join('\n');
}
