import type { Api } from '../../../shared/api.ts';
import type { Output } from '../../../shared/contract.ts';
import { formatDateFr } from '../../../shared/domain/dates.ts';
import { type IneligibleReason, ineligibleReasons } from '../../../shared/domain/eligibility.ts';
import { ineligibleReasonLabels } from '../../../shared/domain/eligibility-labels.ts';
import { AppError } from '../../../shared/errors.ts';
import { formatInteger } from '../../../shared/format.ts';
import { type Command, type OptionValues, text } from '../command.ts';
import { renderTable } from '../output.ts';

const onOption = {
  on: { type: 'string', value: 'AAAA-MM-JJ', help: 'le jour considéré (sinon aujourd’hui)' },
} as const;

/** The rules applied, in one line: the Département's, or the default ones when this PC never received them. */
function rulesLine(result: { on: string; rules: Output<'eligibility.counts'>['rules'] }): string {
  const { graceDays, openedEpcis, fromCentral } = result.rules;
  const opened = openedEpcis.length > 0 ? `, ${openedEpcis.length} EPCI ouverts par décision` : '';
  const origin = fromCentral
    ? 'règles reçues du service central'
    : 'règles par défaut (jamais reçues du service central)';
  return `Accès à la médiathèque numérique au ${formatDateFr(result.on)} — ${origin} : délai de grâce ${graceDays} jours${opened}.`;
}

function whole(options: OptionValues, name: string, fallback: number): number {
  const value = text(options, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value))
    throw new AppError('INVALID_INPUT', `--${name} attend un nombre entier (exemple : --${name} 100).`);
  return Number(value);
}

/** « 1 lecteur », « 1 234 lecteurs »: counts said as a person reads them. */
const count = (n: number, one: string, many: string) => `${formatInteger(n)} ${n > 1 ? many : one}`;

const reasonsText = (reasons: readonly IneligibleReason[]) =>
  reasons.map((r) => ineligibleReasonLabels[r]).join(' ; ');

/** The contract's list, fetched a page at a time (at most 1,000 a call) up to `limit`. */
async function listAll(
  api: Api,
  input: Omit<Parameters<Api['call']>[1] & object, 'limit' | 'offset'>,
  limit: number,
  offset: number,
) {
  let result: Output<'eligibility.list'> | undefined;
  const patrons: Output<'eligibility.list'>['patrons'] = [];
  do {
    const page = Math.min(1000, limit - patrons.length);
    result = await api.call('eligibility.list', {
      ...input,
      limit: Math.max(page, 1),
      offset: offset + patrons.length,
    });
    patrons.push(...result.patrons.slice(0, page));
  } while (patrons.length < limit && result.patrons.length === 1000);
  return { ...result, patrons };
}

export const eligibilityCounts: Command = {
  words: ['eligibility', 'counts'],
  params: [],
  options: onOption,
  summary:
    'les lecteurs inscrits ayant accès à la médiathèque numérique, par bibliothèque et par EPCI, et pourquoi les autres non',
  async run(api, _params, options) {
    const counts = await api.call('eligibility.counts', { on: text(options, 'on') });
    const reasons = (tally: { reasons: Record<string, number> }) =>
      ineligibleReasons
        .filter((r) => (tally.reasons[r] ?? 0) > 0)
        .map((r) => `${ineligibleReasonLabels[r]} : ${tally.reasons[r]}`)
        .join(' ; ');
    const libraries = renderTable(
      ['Bibliothèque', 'Code', 'EPCI', 'Inscrits', 'Avec accès', 'Sans accès', 'Pourquoi'],
      counts.libraries.map((l) => [
        l.name,
        l.code,
        l.epciName ?? '—',
        l.registered,
        l.eligible,
        l.ineligible,
        reasons(l),
      ]),
    );
    const epcis = renderTable(
      ['EPCI', 'SIREN', 'Bibliothèques', 'Inscrits', 'Avec accès', 'Sans accès', 'Pourquoi'],
      counts.epcis.map((e) => [
        e.name,
        e.siren,
        e.libraries,
        e.registered,
        e.eligible,
        e.ineligible,
        reasons(e),
      ]),
    );
    const { total } = counts;
    return {
      json: counts,
      text: [
        rulesLine(counts),
        `${count(total.eligible, 'lecteur', 'lecteurs')} sur ${count(total.registered, 'inscrit', 'inscrits')} ${total.eligible > 1 ? 'ont' : 'a'} accès${total.unregistered ? ` (et ${count(total.unregistered, 'ancien lecteur retiré', 'anciens lecteurs retirés')} du fichier de leur bibliothèque)` : ''}.`,
        '',
        counts.libraries.length ? libraries : 'Aucune bibliothèque.',
        '',
        counts.epcis.length ? epcis : '',
      ]
        .join('\n')
        .trimEnd(),
    };
  },
};

export const eligibilityList: Command = {
  words: ['eligibility'],
  params: [],
  options: {
    ...onOption,
    library: { type: 'string', value: 'ID|CODE', help: 'seulement les lecteurs de cette bibliothèque' },
    epci: { type: 'string', value: 'SIREN', help: 'seulement les lecteurs des bibliothèques de cet EPCI' },
    ineligible: { type: 'boolean', help: 'seulement les lecteurs sans accès' },
    reason: {
      type: 'string',
      value: 'RAISON',
      help: `seulement ceux sans accès pour cette raison : ${ineligibleReasons.join(', ')}`,
    },
    limit: { type: 'string', value: 'N', help: 'au plus N lecteurs (200 par défaut)' },
    offset: { type: 'string', value: 'N', help: 'en sautant les N premiers (ordre alphabétique)' },
  },
  // A library that does not exist is a mistake in the command line, as with `patrons search --library`.
  exitCodes: { NOT_FOUND: 2 },
  summary: 'les lecteurs avec leur accès à la médiathèque numérique (oui jusqu’au…, ou non et pourquoi)',
  async run(api, _params, options) {
    const reason = text(options, 'reason');
    if (reason !== undefined && !(ineligibleReasons as readonly string[]).includes(reason))
      throw new AppError(
        'INVALID_INPUT',
        `Raison inconnue : « ${reason} ». Raisons possibles : ${ineligibleReasons.join(', ')}.`,
      );
    const listed = await listAll(
      api,
      {
        on: text(options, 'on'),
        libraryId: text(options, 'library'),
        epci: text(options, 'epci'),
        eligible: options.ineligible === true ? false : undefined,
        reason: reason as IneligibleReason | undefined,
      },
      whole(options, 'limit', 200),
      whole(options, 'offset', 0),
    );
    const table = renderTable(
      ['Carte', 'Nom', 'Bibliothèque', 'Accès', 'Jusqu’au / pourquoi'],
      listed.patrons.map((p) => [
        p.cardNumber,
        `${p.lastName} ${p.firstName ?? ''}`.trim(),
        p.libraryCode,
        p.eligible ? 'oui' : 'non',
        p.eligible ? (p.until ? formatDateFr(p.until) : 'sans fin connue') : reasonsText(p.reasons),
      ]),
    );
    const shown = listed.patrons.length;
    const more = listed.total > shown ? ` (${shown} affichés : --limit, --offset pour les autres)` : '';
    return {
      json: listed,
      text: [
        rulesLine(listed),
        `${count(listed.total, 'lecteur', 'lecteurs')}${more}.`,
        ...(shown ? ['', table] : []),
      ].join('\n'),
    };
  },
};
