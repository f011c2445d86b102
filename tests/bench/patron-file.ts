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

/** A seeded xorshift generator: the same files on every machine. */
export function random(seed: number) {
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

/** A patron of a generated library file, before it is written as a line. */
interface GeneratedPatron {
  card: string;
  last: string;
  first: string;
  birth: string;
  email: string;
  postal: string;
  city: string;
  registered: string;
  expires: string;
  category: string;
}

const frenchDate = (date: Date) =>
  `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
const dayMs = 86_400_000;

export interface Reimport {
  /** The library's file as it was last imported (no bad rows). */
  previous: GeneratedFile;
  /** The same library's file some months later. */
  next: GeneratedFile;
  expired: number;
  changed: number;
  added: number;
  gone: number;
}

/** What the realistic re-import holds: 30 % ended registrations, 10 % changed, 1 % new, 1 % gone, 0.5 % bad. */
export const realisticReimport = {
  expiredShare: 0.3,
  changedShare: 0.1,
  addedShare: 0.01,
  goneShare: 0.01,
  badShare: 0.005,
};

/**
 * A library's file and the one it sends later: the same patrons (same seed), `expiredShare` of them
 * with a registration that ended before `today`, the rest still running; in the later file
 * `changedShare` changed (another commune, another e-mail, or a renewal: a year more), `goneShare` left,
 * `addedShare` new patrons at the end, and `badShare` rows broken as in `generatePatronFile`.
 */
export function generateReimport(options: {
  rows: number;
  prefix: string;
  seed: number;
  today: Date;
  expiredShare: number;
  changedShare: number;
  addedShare: number;
  goneShare: number;
  badShare: number;
}): Reimport {
  // People from one stream, what happens to them from another: both files hold the same people.
  const person = random(options.seed);
  const fate = random(options.seed + 1);
  const pick = <T>(next: () => number, list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const header =
    'N° carte;Nom;Prénom;Date de naissance;Courriel;Code postal;Ville;Date d’inscription;Date de fin d’abonnement;Catégorie';
  const line = (p: GeneratedPatron) =>
    [p.card, p.last, p.first, p.birth, p.email, p.postal, p.city, p.registered, p.expires, p.category].join(
      ';',
    );
  const previous = [header];
  const next = [header];
  const counts = { expired: 0, changed: 0, added: 0, gone: 0, badRows: 0 };
  const today = options.today.getTime();
  const added = Math.round(options.rows * options.addedShare);
  for (let i = 1; i <= options.rows + added; i += 1) {
    const last = pick(person, lastNames);
    const first = pick(person, firstNames);
    const [postal, city] = pick(person, communes);
    const birth = `${pad(1 + Math.floor(person() * 28))}/${pad(1 + Math.floor(person() * 12))}/${1935 + Math.floor(person() * 85)}`;
    const expired = fate() < options.expiredShare;
    // An ended registration ended up to two years ago; a running one ends within the year.
    const expiry = expired
      ? today - (1 + Math.floor(fate() * 700)) * dayMs
      : today + (1 + Math.floor(fate() * 365)) * dayMs;
    const patron: GeneratedPatron = {
      card: `${options.prefix}${String(i).padStart(6, '0')}`,
      last,
      first,
      birth,
      email: `${ascii(first)}.${ascii(last)}${i}@${pick(person, domains)}`,
      postal,
      city,
      registered: frenchDate(new Date(expiry - 365 * dayMs)),
      expires: frenchDate(new Date(expiry)),
      category: pick(person, categories),
    };
    if (expired) counts.expired += 1;
    if (i > options.rows) {
      counts.added += 1;
      next.push(line(patron));
      continue;
    }
    previous.push(line(patron));
    if (fate() < options.goneShare) {
      counts.gone += 1;
      continue;
    }
    const later = { ...patron };
    if (fate() < options.changedShare) {
      counts.changed += 1;
      const kind = Math.floor(fate() * 3);
      if (kind === 0) [later.postal, later.city] = pick(fate, communes);
      else if (kind === 1) later.email = `${ascii(first)}.${ascii(last)}.${i}@${pick(fate, domains)}`;
      else {
        later.registered = patron.expires;
        later.expires = frenchDate(new Date(Math.max(expiry, today) + 365 * dayMs));
      }
    }
    if (fate() < options.badShare) {
      counts.badRows += 1;
      const kind = Math.floor(fate() * 3);
      if (kind === 0) later.birth = '31/02/1990';
      else if (kind === 1) later.birth = '12/05/2090';
      else later.email = 'pas-une-adresse';
    }
    next.push(line(later));
  }
  const file = (lines: string[], rows: number, badRows: number): GeneratedFile => {
    const text = `${lines.join('\r\n')}\r\n`;
    return { text, bytes: encodeWindows1252(text), rows, badRows };
  };
  return {
    previous: file(previous, previous.length - 1, 0),
    next: file(next, next.length - 1, counts.badRows),
    expired: counts.expired,
    changed: counts.changed,
    added: counts.added,
    gone: counts.gone,
  };
}
