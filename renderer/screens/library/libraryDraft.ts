import type { Input } from '../../../shared/contract.ts';
import type { Library } from '../../../shared/domain/library.ts';

type Fields = Omit<Input<'library.add'>, 'code' | 'by'>;
type Kind = NonNullable<Fields['kind']>;
type Ils = Fields['ils'];

/** A library form's state: text inputs hold '' for "none"; commune and SIGB start unchosen. */
export interface LibraryDraft {
  name: string;
  kind: Kind;
  commune: string | null;
  ils: Ils | null;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  participating: boolean;
  participatingSince: string;
}

export const emptyDraft: LibraryDraft = {
  name: '',
  kind: 'bibliotheque',
  commune: null,
  ils: null,
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  participating: false,
  participatingSince: '',
};

export function draftOf(library: Library): LibraryDraft {
  return {
    name: library.name,
    kind: library.kind,
    commune: library.commune,
    ils: library.ils,
    contactName: library.contactName,
    contactEmail: library.contactEmail,
    contactPhone: library.contactPhone,
    participating: library.participating,
    participatingSince: library.participatingSince ?? '',
  };
}

/**
 * Pickers cannot use the browser's "required" check (their input is read-only), and the service would
 * answer in codes ("SIGB inconnu. Possibles : koha, pmb…"): the form asks in words first.
 */
export function missingChoice(draft: LibraryDraft): string | null {
  if (draft.commune === null) return 'Choisissez la commune de la bibliothèque.';
  if (draft.ils === null) return 'Choisissez le SIGB (le logiciel de la bibliothèque), ou « Autre ».';
  return null;
}

/** The draft as the contract's fields; call after `missingChoice` has found nothing missing. */
export function fieldsOf(draft: LibraryDraft): Fields {
  return {
    name: draft.name,
    kind: draft.kind,
    commune: draft.commune ?? '',
    ils: draft.ils as Ils,
    contactName: draft.contactName,
    contactEmail: draft.contactEmail,
    contactPhone: draft.contactPhone,
    participating: draft.participating,
    participatingSince: draft.participatingSince || null,
  };
}

/** Only what the user changed: the update is journalled field by field. */
export function changedFields(library: Library, draft: LibraryDraft): Partial<Fields> {
  const before = fieldsOf(draftOf(library));
  const after = fieldsOf(draft);
  return Object.fromEntries(
    (Object.keys(after) as (keyof Fields)[])
      .filter((field) => after[field] !== before[field])
      .map((field) => [field, after[field]]),
  ) as Partial<Fields>;
}
