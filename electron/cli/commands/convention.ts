import { byOption, type Command, text } from '../command.ts';

export const conventionAdd: Command = {
  words: ['convention', 'add'],
  params: [],
  options: {
    epci: { type: 'string', value: 'SIREN', required: true, help: 'l’EPCI signataire' },
    rate: { type: 'string', value: 'EUROS', required: true, help: 'participation par habitant, ex. 0.30' },
    start: { type: 'string', value: 'AAAA-MM-JJ', required: true, help: 'début' },
    end: { type: 'string', value: 'AAAA-MM-JJ', help: 'fin (sinon sans fin)' },
    basis: { type: 'string', value: 'BASE', required: true, help: 'municipale|totale|dgf' },
    millesime: {
      type: 'string',
      value: 'ANNÉE',
      required: true,
      help: 'millésime des populations, figé à la signature',
    },
    perimeter: { type: 'string', value: 'PÉRIMÈTRE', required: true, help: 'epci|departement' },
    prorata: { type: 'string', value: 'RÈGLE', required: true, help: 'days|months|none' },
    floor: { type: 'string', value: 'EUROS', help: 'plancher' },
    cap: { type: 'string', value: 'EUROS', help: 'plafond' },
    reference: { type: 'string', value: 'RÉF', help: 'référence de la convention' },
    'signed-on': { type: 'string', value: 'AAAA-MM-JJ', help: 'date de signature' },
    bands: {
      type: 'string',
      value: 'TRANCHES',
      help: 'tranches dégressives « seuil:taux;…;taux », ex. 10000:0.30;0.15 (la 1re au taux de la convention)',
    },
    ...byOption,
  },
  summary: 'enregistre une convention (jamais deux en même temps pour un EPCI)',
  async run(api, _params, options) {
    const millesime = Number(text(options, 'millesime'));
    const added = await api.call('convention.add', {
      epci: text(options, 'epci') ?? '',
      rate: text(options, 'rate') ?? '',
      start: text(options, 'start') ?? '',
      end: text(options, 'end') ?? null,
      basis: text(options, 'basis') as never,
      millesime: Number.isInteger(millesime) ? millesime : Number.NaN,
      perimeter: text(options, 'perimeter') as never,
      prorata: text(options, 'prorata') as never,
      floor: text(options, 'floor') ?? null,
      cap: text(options, 'cap') ?? null,
      reference: text(options, 'reference'),
      signedOn: text(options, 'signed-on') ?? null,
      bands: bandsOption(text(options, 'bands')),
      by: text(options, 'by'),
    });
    return { json: added, text: `Convention enregistrée (${added.id}).` };
  },
};

/**
 * « 10000:0.30;50000:0.25;0.15 » → the contract's bands: each « seuil:taux », the last band a rate alone
 * (« au-delà »). Nothing is checked here: the shared schema refuses a wrong grid in French.
 */
function bandsOption(value: string | undefined) {
  if (value === undefined) return null;
  return value.split(';').map((part) => {
    const [first = '', second] = part.split(':');
    return second === undefined
      ? { upTo: null, rate: first.trim() }
      : { upTo: /^\s*\d+\s*$/.test(first) ? Number(first) : Number.NaN, rate: second.trim() };
  });
}
