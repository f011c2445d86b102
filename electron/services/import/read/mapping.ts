import { searchKey } from '../../../../shared/text.ts';
import { cleanText } from './clean.ts';
import { looksLikeDate, parseDate } from './dates.ts';
import { type PatronField, patronFields } from './fields.ts';

/** Which column (0-based index) fills each field; a column fills at most one field. */
export type Mapping = Partial<Record<PatronField, number>>;

/**
 * Header names for each field, as libraries write them: French exports, Koha, PMB (`empr_*`),
 * Orphée, Decalog and other SIGB variants, English. Compared as keys (see `headerKey`), so accents,
 * case, punctuation, « N° »/« Numéro » and little words (de, d’, du…) do not matter. A header may also
 * contain a synonym (« Date de naissance du lecteur »), except those marked `=`, too vague for that
 * (« Type de carte » is no card number, « Année d’inscription » no year of birth).
 */
const synonyms: Record<PatronField, string[]> = {
  cardNumber: [
    'N° de carte',
    'N° carte',
    'Numéro de carte',
    'N° de carte lecteur',
    '=Carte',
    'Carte lecteur',
    'N° lecteur',
    'Numéro de lecteur',
    'N° d’abonné',
    'Numéro d’abonné',
    'N° adhérent',
    'Numéro d’adhérent',
    'N° emprunteur',
    'N° d’inscription',
    'Code barre',
    'Code-barres',
    'Code barre lecteur',
    'Code-barres lecteur',
    'Code lecteur',
    'Code abonné',
    'Code adhérent',
    '=CB',
    'CB lecteur',
    '=Identifiant',
    'Identifiant lecteur',
    'Id lecteur',
    '=Matricule',
    'cardnumber',
    'Card number',
    'Barcode',
    'Patron barcode',
    'User barcode',
    'empr_cb',
  ],
  lastName: [
    'Nom',
    'Nom de famille',
    'Nom d’usage',
    'Nom usuel',
    'Nom patronymique',
    'Nom du lecteur',
    'Nom lecteur',
    'Nom de l’abonné',
    'Nom abonné',
    'Nom adhérent',
    'Nom emprunteur',
    'surname',
    'Last name',
    'lastname',
    'Family name',
    '=Name',
    'empr_nom',
  ],
  firstName: [
    'Prénom',
    'Prénoms',
    'Prénom usuel',
    'Prénom du lecteur',
    'Prénom lecteur',
    'Prénom de l’abonné',
    'Prénom abonné',
    'Prénom adhérent',
    'firstname',
    'First name',
    'Given name',
    'empr_prenom',
  ],
  birthDate: [
    'Date de naissance',
    'Date naissance',
    'Naissance',
    'Né le',
    'Née le',
    'Né(e) le',
    '=DDN',
    'dateofbirth',
    'Date of birth',
    'Birth date',
    'birthdate',
    '=DOB',
    'empr_date_naissance',
  ],
  birthYear: [
    'Année de naissance',
    'Année naissance',
    'An de naissance',
    '=Année',
    'Year of birth',
    'Birth year',
    'empr_year',
  ],
  email: [
    'Courriel',
    'Adresse courriel',
    'E-mail',
    'Email',
    'Mail',
    'Adresse mail',
    'Adresse e-mail',
    'Adresse email',
    'Adresse électronique',
    'Mél',
    'Email address',
    'emailaddress',
    'empr_mail',
  ],
  postalCode: ['Code postal', '=CP', 'zipcode', 'Zip code', '=Zip', 'Postal code', 'Postcode', 'empr_cp'],
  commune: [
    'Commune',
    'Ville',
    'Localité',
    'Nom de la commune',
    'Nom de la ville',
    'Commune de résidence',
    'Ville de résidence',
    'Lieu de résidence',
    'city',
    'Town',
    'empr_ville',
  ],
  registeredOn: [
    'Date d’inscription',
    'Date inscription',
    'Inscrit le',
    'Inscrite le',
    'Inscription',
    'Date de première inscription',
    'Date d’adhésion',
    'Date adhésion',
    'Adhésion',
    'Date de début d’abonnement',
    'Début d’abonnement',
    'Date de début',
    'Date de création',
    'Créé le',
    'dateenrolled',
    'Date enrolled',
    'Enrolment date',
    'Registration date',
    'empr_date_adhesion',
  ],
  expiresOn: [
    'Date de fin d’abonnement',
    'Fin d’abonnement',
    'Fin abonnement',
    'Date d’expiration',
    'Expiration',
    'Expire le',
    'Date de fin',
    'Date fin',
    'Date de fin d’adhésion',
    'Fin d’adhésion',
    'Date de fin de validité',
    'Fin de validité',
    'Valide jusqu’au',
    'Date de validité',
    'Échéance',
    'Date d’échéance',
    'dateexpiry',
    'Date expiry',
    'Expiry date',
    'Expiration date',
    'empr_date_expiration',
  ],
  category: [
    'Catégorie',
    'Catégorie lecteur',
    'Catégorie de lecteur',
    'Catégorie d’abonné',
    'Type de lecteur',
    'Type lecteur',
    'Type d’abonné',
    'Type d’abonnement',
    'Type d’adhésion',
    '=Tarif',
    '=Profil',
    'categorycode',
    'Category',
    'Category code',
    'Patron type',
    'Borrower type',
    'empr_categ',
  ],
};

const littleWords = new Set(['de', 'd', 'du', 'des', 'la', 'le', 'l', 'les', 'of', 'the']);
const numberWords = new Set(['n', 'no', 'nº', 'num', 'numero', 'nr', 'number']);

/**
 * A header as a list of words: accents, case and punctuation folded (`searchKey`), little words dropped,
 * every way of writing « numéro » made `n`. « N° d’abonné », « Numéro abonné » and « No abonne » meet.
 */
export function headerKey(header: string): string[] {
  return searchKey(header.normalize('NFKC'))
    .split(' ')
    .filter((word) => word !== '' && !littleWords.has(word))
    .map((word) => (numberWords.has(word) ? 'n' : word));
}

const synonymKeys = patronFields.flatMap((field) =>
  synonyms[field].map((synonym) => ({
    field,
    words: headerKey(synonym.replace(/^=/, '')),
    exactOnly: synonym.startsWith('='),
  })),
);

function containsRun(words: string[], run: string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i += 1) {
    if (run.every((word, j) => words[i + j] === word)) return true;
  }
  return false;
}

interface Candidate {
  column: number;
  field: PatronField;
  score: number;
}

/**
 * Suggests which column fills each field. Headers first: a header equal to a synonym, then one that
 * contains a synonym (« Date de naissance du lecteur ») if the sample's values fit the field. Then, for
 * columns and fields still free, the shapes of the values: e-mails, 5-digit postal codes, years,
 * dates (the oldest are birth dates, then registration before expiry), identifiers, names.
 * Columns left out are ignored.
 */
export function suggestMapping(headers: string[], sample: string[][]): Mapping {
  const profiles = headers.map((header, column) =>
    profile(
      sample.map((row) => cleanText(row[column])),
      isGeneric(header),
    ),
  );
  const candidates: Candidate[] = [];
  headers.forEach((header, column) => {
    const words = headerKey(header);
    if (words.length === 0) return;
    // « Nom prénom » in one column is neither field.
    if (words.includes('nom') && words.includes('prenom')) return;
    for (const { field, words: synonym, exactOnly } of synonymKeys) {
      if (synonym.length === 0) continue;
      const exact = synonym.length === words.length && containsRun(words, synonym);
      if (exact) {
        candidates.push({ column, field, score: 1000 + synonym.join(' ').length });
      } else if (!exactOnly && containsRun(words, synonym) && fits(field, profiles[column] as Profile)) {
        candidates.push({ column, field, score: 10 * synonym.length + synonym.join(' ').length / 100 });
      }
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const mapping: Mapping = {};
  const used = new Set<number>();
  for (const { column, field } of candidates) {
    if (mapping[field] !== undefined || used.has(column)) continue;
    mapping[field] = column;
    used.add(column);
  }
  byShape(mapping, used, profiles);
  return mapping;
}

interface Profile {
  /** the header says nothing (« col3 », « Colonne 3 », « F », empty): only values can tell */
  generic: boolean;
  /** non-empty values */
  values: string[];
  filled: number;
  total: number;
  emails: number;
  postalCodes: number;
  years: number;
  dates: string[];
  identifiers: number;
  names: number;
  distinct: number;
}

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const nameShape = /^\p{L}[\p{L}\p{M}' ’.-]*$/u;

/** « col1 », « Colonne 3 », « Column1 », « F2 », « A », « Unnamed: 0 », empty… */
export function isGeneric(header: string): boolean {
  return headerKey(header).every((word) =>
    /^(?:col|colonne|column|champ|field|unnamed|var|[a-z])?\d*$/.test(word),
  );
}

function profile(cells: string[], generic: boolean): Profile {
  const values = cells.filter((cell) => cell !== '');
  const today = new Date().toISOString().slice(0, 10);
  const thisYear = Number(today.slice(0, 4));
  const dates = values
    .map((value) => (looksLikeDate(value) ? parseDate(value, { today, birth: false }) : null))
    .filter((iso): iso is string => iso !== null);
  return {
    generic,
    values,
    filled: values.length,
    total: cells.length,
    emails: values.filter((v) => emailShape.test(v)).length,
    postalCodes: values.filter((v) => /^\d{5}$/.test(v.replace(/\s/g, ''))).length,
    years: values.filter((v) => /^\d{4}$/.test(v) && Number(v) >= 1900 && Number(v) <= thisYear).length,
    dates,
    identifiers: values.filter((v) => /\d/.test(v) && !/\s/.test(v) && !v.includes('@') && !looksLikeDate(v))
      .length,
    names: values.filter((v) => nameShape.test(v)).length,
    distinct: new Set(values).size,
  };
}

/** At least this share of the non-empty values has the shape. */
const most = (count: number, p: Profile, share = 0.8) => p.filled > 0 && count >= p.filled * share;

/** Whether a column found by a partial header match holds values of the field's kind (no sample: yes). */
function fits(field: PatronField, p: Profile): boolean {
  if (p.filled === 0) return true;
  switch (field) {
    case 'birthDate':
    case 'registeredOn':
    case 'expiresOn':
      return most(p.dates.length, p, 0.5);
    case 'birthYear':
      return most(p.years + p.dates.length, p, 0.5);
    case 'email':
      return most(p.values.filter((v) => v.includes('@')).length, p, 0.5);
    case 'postalCode':
      return most(p.values.filter((v) => /^\d[\d\s]{3,5}$/.test(v)).length, p, 0.5);
    case 'lastName':
    case 'firstName':
    case 'commune':
      return most(p.values.filter((v) => /\p{L}/u.test(v)).length, p, 0.5);
    default:
      return true;
  }
}

function median(dates: string[]): string {
  const sorted = [...dates].sort();
  return sorted[Math.floor(sorted.length / 2)] as string;
}

/**
 * Fills free fields from free columns whose values have the field's shape: e-mails whatever the header;
 * the rest only under headers that say nothing, since « Lieu de naissance » or « Date du dernier prêt »
 * have the shapes of a commune or a registration date.
 */
function byShape(mapping: Mapping, used: Set<number>, profiles: Profile[]) {
  const anyFree = () =>
    profiles.map((p, column) => ({ p, column })).filter(({ p, column }) => !used.has(column) && p.filled > 0);
  const free = () => anyFree().filter(({ p }) => p.generic);
  const take = (field: PatronField, column: number | undefined) => {
    if (column === undefined || mapping[field] !== undefined || used.has(column)) return;
    mapping[field] = column;
    used.add(column);
  };
  const first = (test: (p: Profile) => boolean) => free().find(({ p }) => test(p))?.column;
  // Postal codes and years repeat from row to row; card numbers of the same shape do not.
  const mostRepeated = (test: (p: Profile) => boolean) =>
    free()
      .filter(({ p }) => test(p))
      .sort((a, b) => a.p.distinct / a.p.filled - b.p.distinct / b.p.filled || a.column - b.column)[0]
      ?.column;

  take('email', anyFree().find(({ p }) => most(p.emails, p, 0.5))?.column);
  take(
    'postalCode',
    mostRepeated((p) => most(p.postalCodes, p)),
  );
  take(
    'birthYear',
    mostRepeated((p) => most(p.years, p)),
  );

  const today = new Date().toISOString().slice(0, 10);
  const tenYearsAgo = `${Number(today.slice(0, 4)) - 10}${today.slice(4)}`;
  const dateColumns = free()
    .filter(({ p }) => most(p.dates.length, p))
    .map(({ p, column }) => ({ column, median: median(p.dates) }))
    .sort((a, b) => a.median.localeCompare(b.median) || a.column - b.column);
  const oldest = dateColumns[0];
  if (
    oldest &&
    oldest.median < tenYearsAgo &&
    mapping.birthDate === undefined &&
    mapping.birthYear === undefined
  ) {
    take('birthDate', oldest.column);
    dateColumns.shift();
  }
  if (dateColumns.length >= 2 && mapping.registeredOn === undefined && mapping.expiresOn === undefined) {
    take('registeredOn', dateColumns[0]?.column);
    take('expiresOn', dateColumns[1]?.column);
  } else if (dateColumns.length >= 1) {
    if (mapping.registeredOn !== undefined) take('expiresOn', dateColumns[0]?.column);
    else if (mapping.expiresOn !== undefined) take('registeredOn', dateColumns[0]?.column);
  }

  take(
    'cardNumber',
    first((p) => most(p.identifiers, p, 0.9) && p.distinct >= p.filled * 0.9 && p.filled >= p.total * 0.8),
  );

  // Names: in every export seen, the last name comes first, the first name right after it; the commune
  // follows the postal code.
  const isText = (p: Profile) => most(p.names, p) && p.filled >= p.total * 0.5;
  const postal = mapping.postalCode;
  const afterPostal = postal === undefined ? undefined : profiles[postal + 1];
  if (postal !== undefined && afterPostal?.generic && isText(afterPostal)) take('commune', postal + 1);
  const last = first(isText);
  take('lastName', last);
  if (last !== undefined) {
    const next = free().find(({ p, column }) => column > last && column <= last + 2 && isText(p));
    take('firstName', next?.column);
  }
  take(
    'category',
    first((p) => isText(p) && p.total >= 4 && p.distinct <= Math.max(2, p.filled / 2)),
  );
}
