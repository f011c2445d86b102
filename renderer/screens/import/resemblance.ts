import type { PreviewRow } from './labels.ts';

export type Resemblance = NonNullable<PreviewRow['duplicate']>;

const why: Record<Resemblance['reason'], string> = {
  person: 'mêmes nom, prénom et date de naissance',
  email: 'même courriel',
};

const fullName = (p: { lastName: string | null; firstName: string | null }) =>
  [p.lastName, p.firstName].filter(Boolean).join(' ');

/** The column of the review that shows who the row resembles. */
export function otherHeading(duplicate: Resemblance): string {
  if (duplicate.where === 'file') return `Ligne ${duplicate.line} du fichier`;
  if (duplicate.where === 'library') return 'Déjà inscrit dans cette bibliothèque';
  return `Déjà inscrit : ${duplicate.libraryName ?? 'autre bibliothèque'}`;
}

/**
 * One sentence for the preview: why the row may be someone already known, and who — named when only the
 * e-mail is shared (with the same names and birth date, the name says nothing more).
 */
export function duplicateText(duplicate: Resemblance): string {
  // « n° » stays with its number (a no-break space).
  const card = duplicate.other.cardNumber ? `n°\u00a0${duplicate.other.cardNumber}` : 'sans n° de carte';
  const name = duplicate.reason === 'email' ? fullName(duplicate.other) : '';
  const details = [name, card].filter(Boolean).join(', ');
  const reason = `Doublon possible : ${why[duplicate.reason]}`;
  if (duplicate.where === 'file') return `${reason} que la ligne ${duplicate.line} du fichier (${details}).`;
  if (duplicate.where === 'library')
    return `${reason} que le lecteur ${card} de cette bibliothèque${name ? ` (${name})` : ''}.`;
  const library = duplicate.libraryName ?? 'une autre bibliothèque';
  return `${reason} qu’un lecteur d’une autre bibliothèque (${library}, ${details}).`;
}
