/**
 * Generated patron exports in the shape libraries send (French headers, `;`, Windows-1252, dd/mm/yyyy),
 * deterministic for a given seed, with a share of bad rows. Used by the benchmark and large-file tests.
 */
const lastNames = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Lefebvre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Lagarrigue',
  'Cayrou',
  'Delpech',
  'Lapèze',
  'Vayssié',
  'Caussanel',
  'Bouscarel',
  'Cœur',
  'd’Arcy',
  'Sénéchal',
];
const firstNames = [
  'Marie',
  'Jean',
  'Pierre',
  'Michel',
  'André',
  'Philippe',
  'Nathalie',
  'Isabelle',
  'Sylvie',
  'Catherine',
  'Françoise',
  'Hélène',
  'Thérèse',
  'Clément',
  'Agnès',
  'Solène',
  'Maëlys',
  'Aurélien',
  'Mathéo',
  'Chloé',
  'Léa',
  'Louis',
  'Gabriel',
  'Jules',
  'Zoé',
  'Noël',
  'Joël',
  'Anaïs',
  'Loïc',
  'Benoît',
];
const communes: [string, string][] = [
  ['46000', 'Cahors'],
  ['46100', 'Figeac'],
  ['46200', 'Souillac'],
  ['46300', 'Gourdon'],
  ['46400', 'Saint-Céré'],
  ['46500', 'Gramat'],
  ['46600', 'Martel'],
  ['46700', 'Puy-l’Évêque'],
  ['46090', 'Pradines'],
  ['46220', 'Prayssac'],
  ['46230', 'Lalbenque'],
  ['46120', 'Lacapelle-Marival'],
];
const categories = ['Adulte', 'Enfant', 'Senior', 'Étudiant', 'Collectivité'];
const domains = ['orange.fr', 'laposte.net', 'free.fr', 'wanadoo.fr', 'gmail.com'];

function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’'œ ]/g, (c) => (c === 'œ' ? 'oe' : ''))
    .toLowerCase();

export interface GeneratedFile {
  text: string;
  bytes: Buffer;
  rows: number;
  badRows: number;
}

/** `rows` patrons of one library, card numbers `${prefix}000001…`; `badShare` of them broken on purpose. */
export function generatePatronFile(options: {
  rows: number;
  prefix: string;
  seed: number;
  badShare: number;
}): GeneratedFile {
  const next = random(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const lines = [
    'N° carte;Nom;Prénom;Date de naissance;Courriel;Code postal;Ville;Date d’inscription;Date de fin d’abonnement;Catégorie',
  ];
  let badRows = 0;
  for (let i = 1; i <= options.rows; i += 1) {
    const last = pick(lastNames);
    const first = pick(firstNames);
    const [postal, city] = pick(communes);
    const birth = `${pad(1 + Math.floor(next() * 28))}/${pad(1 + Math.floor(next() * 12))}/${1935 + Math.floor(next() * 85)}`;
    const year = 2019 + Math.floor(next() * 7);
    const registered = `${pad(1 + Math.floor(next() * 28))}/${pad(1 + Math.floor(next() * 12))}/${year}`;
    const expires = registered.replace(/\d{4}$/, String(year + 1));
    let card = `${options.prefix}${String(i).padStart(6, '0')}`;
    let birthCell = birth;
    let email = `${ascii(first)}.${ascii(last)}${i}@${pick(domains)}`;
    if (next() < options.badShare) {
      badRows += 1;
      const kind = Math.floor(next() * 4);
      if (kind === 0) card = '';
      else if (kind === 1) birthCell = '31/02/1990';
      else if (kind === 2) birthCell = '12/05/2090';
      else email = 'pas-une-adresse';
    }
    lines.push(
      [card, last, first, birthCell, email, postal, city, registered, expires, pick(categories)].join(';'),
    );
  }
  const text = `${lines.join('\r\n')}\r\n`;
  return { text, bytes: encodeWindows1252(text), rows: options.rows, badRows };
}

/** Node has no Windows-1252 encoder; the few characters outside Latin-1 used here are mapped by hand. */
export function encodeWindows1252(text: string): Buffer {
  const special: Record<string, number> = { '’': 0x92, œ: 0x9c, Œ: 0x8c, '€': 0x80 };
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    const code = char.charCodeAt(0);
    bytes[i] = special[char] ?? (code < 256 ? code : 0x3f);
  }
  return bytes;
}
