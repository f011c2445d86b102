import path from 'node:path';
import type { Api } from '../../../shared/api.ts';
import type { UsagePreview } from '../../../shared/domain/usage/schemas.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatInteger } from '../../../shared/format.ts';
import { byOption, type CliDoor, type Command, type OptionValues, text } from '../command.ts';
import { renderTable } from '../output.ts';

const kindLabels = { PR: 'plateforme', DR: 'bases de données', TR: 'titres' } as const;

/** The preview as the terminal shows it (a file, or a report fetched from a SUSHI server). */
export function previewText(preview: UsagePreview): string[] {
  const months = [...new Set(preview.totals.map((t) => t.month))].sort();
  const metrics = [...new Set(preview.totals.map((t) => t.metric))];
  const countOf = (metric: string, month: string) =>
    preview.totals.find((t) => t.metric === metric && t.month === month)?.count ?? 0;
  return [
    `Rapport ${preview.reportId} (${kindLabels[preview.reportKind]}, COUNTER ${preview.release}) : ${preview.platforms.join(', ') || 'plateforme inconnue'}, ${preview.period}`,
    ...(preview.institution ? [`Institution : ${preview.institution}`] : []),
    `Fichier : ${preview.fileName} (${preview.format.toUpperCase()}), ${formatInteger(preview.rows)} chiffres, total ${formatInteger(preview.total)}`,
    ...preview.exceptions.map((e) => `Exception ${e.code} : ${e.message}`),
    ...(preview.noUsage
      ? ['La plateforme ne signale aucun usage sur la période : les mois sont importés à zéro.']
      : []),
    ...(metrics.length
      ? [
          '',
          renderTable(
            ['Mesure', ...months, 'Total'],
            metrics.map((metric) => [
              metric,
              ...months.map((month) => countOf(metric, month)),
              months.reduce((sum, month) => sum + countOf(metric, month), 0),
            ]),
          ),
        ]
      : []),
    ...(preview.alreadyImported
      ? [
          '',
          `Ce fichier a déjà été importé (${preview.alreadyImported.fileName}, lot ${preview.alreadyImported.batchId}).`,
        ]
      : []),
    ...(preview.replaces.length ? ['', ...preview.replaces.map((r) => `Cet import ${r.message}.`)] : []),
    ...(preview.problems.length
      ? [
          '',
          `Problèmes (${preview.problems.length}) : le rapport ne peut pas être importé tel quel.`,
          ...preview.problems.map((p) => `  ${p.line === null ? '' : `ligne ${p.line} : `}${p.message}`),
        ]
      : []),
  ];
}

export const usageImport: Command = {
  words: ['usage', 'import'],
  params: ['fichier'],
  options: {
    'dry-run': { type: 'boolean', help: 'aperçu seulement : rien n’est enregistré' },
    platform: {
      type: 'string',
      value: 'NOM',
      help: 'le nom de la plateforme tel que le service le connaît (lignes de coût), à la place de celui du rapport',
    },
    ...byOption,
  },
  summary:
    'importe un rapport d’usage COUNTER 5 ou 5.1 (PR, DR, TR ; JSON de SUSHI, TSV ou CSV) : aperçu, puis enregistrement',
  // A report that cannot be imported: the operation failed (1); a missing file is a bad call (2).
  exitCodes: { USAGE_FILE_INVALID: 1, FILE_UNREADABLE: 1 },
  async run(api, [file], options, door) {
    return importReport(api, file ?? '', options, door);
  },
};

async function importReport(api: Api, file: string, options: OptionValues, door: CliDoor) {
  const fileId = door.stage(file);
  try {
    const input = { fileName: path.basename(file), fileId, platform: text(options, 'platform') };
    return await previewThenCommit(api, await api.call('usage.preview', input), input, options);
  } finally {
    // Committed, the core released it already; otherwise the copy goes now.
    door.unstage(fileId);
  }
}

/**
 * A staged report's preview said, then — unless `--dry-run` — imported: the same steps for a file
 * (`usage import`) and a vendor's download (`usage sushi fetch`).
 */
export async function previewThenCommit(
  api: Api,
  preview: UsagePreview,
  input: { fileName: string; fileId: string; platform?: string },
  options: OptionValues,
) {
  const lines = previewText(preview);
  if (options['dry-run'] === true)
    return {
      json: { preview, batchId: null },
      text: [...lines, '', 'Aperçu seulement : rien n’a été enregistré.'].join('\n'),
    };
  if (!preview.importable) {
    const listed = preview.problems
      .slice(0, 10)
      .map((p) => `${p.line === null ? '' : `ligne ${p.line} : `}${p.message}`);
    throw new AppError(
      'USAGE_FILE_INVALID',
      `Ce rapport n’est pas importé (${preview.problems.length} problème${preview.problems.length > 1 ? 's' : ''}) :\n${listed.join('\n')}`,
    );
  }
  const committed = await api.call('usage.commit', {
    ...input,
    sha256: preview.sha256,
    by: text(options, 'by'),
  });
  return {
    json: { preview, batchId: committed.batchId },
    text: [
      ...lines,
      '',
      `Import enregistré : lot ${committed.batchId} (${formatInteger(committed.rows)} chiffres).`,
    ].join('\n'),
  };
}

export const usageList: Command = {
  words: ['usage', 'list'],
  params: [],
  summary: 'les rapports d’usage importés, le plus récent d’abord',
  async run(api) {
    const imports = await api.call('usage.list', {});
    return {
      json: imports,
      text: imports.length
        ? renderTable(
            ['Lot', 'Fichier', 'Rapport', 'Plateformes', 'Période', 'Chiffres', 'Par', 'Le', 'Annulé le'],
            imports.map((i) => [
              i.id,
              i.fileName,
              `${i.reportId} (${i.release})`,
              i.platforms.join(', '),
              `${i.firstMonth} → ${i.lastMonth}`,
              i.rows,
              i.actor,
              i.committedAt.slice(0, 10),
              i.undoneAt?.slice(0, 10) ?? '',
            ]),
          )
        : 'Aucun rapport d’usage importé.',
    };
  },
};

export const usageUndo: Command = {
  words: ['usage', 'undo'],
  params: ['lot'],
  options: { ...byOption },
  summary: 'annule l’import d’un rapport d’usage (les chiffres qu’il avait remplacés reviennent)',
  exitCodes: { USAGE_UNDO_BLOCKED: 1, ALREADY_UNDONE: 1 },
  async run(api, [batchId], options) {
    const result = await api.call('usage.undo', { batchId: batchId ?? '', by: text(options, 'by') });
    return {
      json: result,
      text: `Import annulé : ${formatInteger(result.removed)} chiffres retirés, ${formatInteger(result.restored)} rétablis.`,
    };
  },
};

export const usageTotals: Command = {
  words: ['usage', 'totals'],
  params: [],
  options: { year: { type: 'string', value: 'AAAA', required: true, help: 'l’année' } },
  summary:
    'les usages d’une année par plateforme, mesure et mois (rapport de plateforme, sinon bases, sinon titres)',
  async run(api, _params, options) {
    const raw = text(options, 'year') ?? '';
    if (!/^\d{4}$/.test(raw)) throw new AppError('INVALID_INPUT', 'Année invalide (exemple : --year 2026).');
    const totals = await api.call('usage.totals', { year: Number(raw) });
    const months = Array.from({ length: 12 }, (_, i) => `${raw}-${String(i + 1).padStart(2, '0')}`);
    const keys = [...new Set(totals.byPlatform.map((r) => `${r.platform}\u0000${r.metric}`))];
    const rows = keys.map((key) => {
      const [platform, metric] = key.split('\u0000') as [string, string];
      const figures = totals.byPlatform.filter((r) => r.platform === platform && r.metric === metric);
      const perMonth = months.map((m) => figures.find((r) => r.month === m)?.count ?? 0);
      const sources = [...new Set(figures.map((r) => r.source))].join('+');
      return [platform, metric, sources, ...perMonth, perMonth.reduce((a, b) => a + b, 0)];
    });
    return {
      json: totals,
      text: rows.length
        ? renderTable(['Plateforme', 'Mesure', 'Source', ...months.map((m) => m.slice(5)), 'Total'], rows)
        : `Aucun usage importé pour ${raw}.`,
    };
  },
};
