import type { UsageSushiSource } from '../../../shared/contract/usage.ts';
import { type ReportKind, reportKinds } from '../../../shared/domain/usage/metrics.ts';
import { AppError } from '../../../shared/errors.ts';
import { byOption, type Command, type OptionValues, text } from '../command.ts';
import { renderTable } from '../output.ts';
import { previewThenCommit } from './usage.ts';

/**
 * Secrets never appear in the command line (shell history, process list): they are read from stdin, one per
 * line — the requestor id first when both are asked for.
 */
async function readSecrets(wanted: { requestor: boolean; apiKey: boolean }) {
  if (!wanted.requestor && !wanted.apiKey) return {};
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
  const requestorId = wanted.requestor ? lines.shift() : undefined;
  const apiKey = wanted.apiKey ? lines.shift() : undefined;
  if ((wanted.requestor && !requestorId) || (wanted.apiKey && !apiKey))
    throw new AppError(
      'INVALID_INPUT',
      'Secret attendu sur l’entrée standard (--requestor-stdin, --api-key-stdin : une ligne chacun, le demandeur d’abord).',
    );
  return { requestorId, apiKey };
}

function reportsOf(options: OptionValues): ReportKind[] | undefined {
  const raw = text(options, 'reports');
  if (raw === undefined) return undefined;
  const kinds = raw.split(',').map((k) => k.trim().toUpperCase());
  if (!kinds.every((k): k is ReportKind => (reportKinds as readonly string[]).includes(k)))
    throw new AppError('INVALID_INPUT', 'Rapports attendus parmi PR, DR, TR (exemple : --reports PR,TR).');
  return kinds;
}

const yesNo = (stored: boolean) => (stored ? 'oui' : 'non');

function sourceLines(source: UsageSushiSource): string {
  return [
    `Source SUSHI « ${source.name} » (${source.id})`,
    `Adresse : ${source.baseUrl}`,
    `Client (customer_id) : ${source.customerId}`,
    `Rapports : ${source.reports.join(', ')}`,
    `Demandeur enregistré : ${yesNo(source.requestorIdStored)} ; clé enregistrée : ${yesNo(source.apiKeyStored)}`,
  ].join('\n');
}

export const usageSushiList: Command = {
  words: ['usage', 'sushi', 'list'],
  params: [],
  summary: 'les sources SUSHI enregistrées (sans leurs secrets : seulement s’ils sont enregistrés)',
  async run(api) {
    const sources = await api.call('usage.sushi.list', {});
    return {
      json: sources,
      text: sources.length
        ? renderTable(
            ['Nom', 'Adresse', 'Client', 'Rapports', 'Demandeur', 'Clé', 'Identifiant'],
            sources.map((s) => [
              s.name,
              s.baseUrl,
              s.customerId,
              s.reports.join(','),
              yesNo(s.requestorIdStored),
              yesNo(s.apiKeyStored),
              s.id,
            ]),
          )
        : 'Aucune source SUSHI enregistrée.',
    };
  },
};

export const usageSushiAdd: Command = {
  words: ['usage', 'sushi', 'add'],
  params: ['nom'],
  options: {
    url: { type: 'string', value: 'URL', required: true, help: 'adresse SUSHI du fournisseur (https://…)' },
    customer: { type: 'string', value: 'ID', required: true, help: 'identifiant client (customer_id)' },
    'requestor-stdin': {
      type: 'boolean',
      help: 'lire l’identifiant du demandeur (requestor_id) sur l’entrée standard, si le fournisseur en donne un',
    },
    'api-key-stdin': { type: 'boolean', help: 'lire la clé d’API (api_key) sur l’entrée standard' },
    reports: { type: 'string', value: 'PR,DR,TR', help: 'les rapports à récupérer (PR par défaut)' },
  },
  summary:
    'enregistre ou modifie la source SUSHI d’une plateforme (la clé est gardée sur ce poste, hors de la base)',
  async run(api, [name], options) {
    const existing = (await api.call('usage.sushi.list', {})).find((s) => s.name === name);
    const secrets = await readSecrets({
      requestor: options['requestor-stdin'] === true,
      apiKey: options['api-key-stdin'] === true,
    });
    const source = await api.call('usage.sushi.save', {
      id: existing?.id,
      name: name ?? '',
      baseUrl: text(options, 'url') ?? '',
      customerId: text(options, 'customer') ?? '',
      ...secrets,
      reports: reportsOf(options) ?? existing?.reports ?? ['PR'],
    });
    return {
      json: source,
      text: `${existing ? 'Source modifiée' : 'Source enregistrée'}.\n${sourceLines(source)}`,
    };
  },
};

export const usageSushiRemove: Command = {
  words: ['usage', 'sushi', 'remove'],
  params: ['source'],
  summary: 'supprime une source SUSHI et ses secrets (les chiffres déjà importés restent)',
  async run(api, [source]) {
    const result = await api.call('usage.sushi.remove', { id: source ?? '' });
    return { json: result, text: `Source SUSHI supprimée (${result.id}).` };
  },
};

export const usageSushiFetch: Command = {
  words: ['usage', 'sushi', 'fetch'],
  params: ['source'],
  options: {
    begin: { type: 'string', value: 'AAAA-MM', required: true, help: 'le premier mois' },
    end: { type: 'string', value: 'AAAA-MM', required: true, help: 'le dernier mois' },
    report: { type: 'string', value: 'PR|DR|TR', help: 'le rapport (sinon le premier de la source)' },
    'dry-run': { type: 'boolean', help: 'aperçu seulement : rien n’est enregistré' },
    ...byOption,
  },
  summary: 'récupère un rapport d’usage auprès du serveur SUSHI d’une source : aperçu, puis enregistrement',
  exitCodes: {
    USAGE_FILE_INVALID: 1,
    SUSHI_UNREACHABLE: 1,
    SUSHI_TIMEOUT: 1,
    SUSHI_CREDENTIALS_REFUSED: 1,
    SUSHI_THROTTLED: 1,
    SUSHI_NOT_READY: 1,
    SUSHI_NO_USAGE: 1,
    SUSHI_REFUSED: 1,
    SUSHI_NOT_COUNTER: 1,
  },
  async run(api, [source], options, door) {
    const report = text(options, 'report')?.toUpperCase();
    if (report !== undefined && !(reportKinds as readonly string[]).includes(report))
      throw new AppError('INVALID_INPUT', 'Rapport attendu : PR, DR ou TR.');
    const fetched = await api.call('usage.sushi.fetch', {
      sourceId: source ?? '',
      begin: text(options, 'begin') ?? '',
      end: text(options, 'end') ?? '',
      report: report as ReportKind | undefined,
    });
    const { fileId, platform, ...preview } = fetched;
    try {
      return await previewThenCommit(api, preview, { fileName: preview.fileName, fileId, platform }, options);
    } finally {
      // Committed, the core released the download already; otherwise its staged copy goes now.
      door.unstage(fileId);
    }
  },
};
