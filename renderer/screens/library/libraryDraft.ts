import type { Input } from '../../../shared/contract.ts';
import type { Library } from '../../../shared/domain/library.ts';

type Fields = Omit<Input<'library.add'>, 'code' | 'by'>;
type Kind = NonNullable<Fields['kind']>;
type Ils = Fields['ils'];

/**
 * A library form's values: text inputs hold '' for "none"; commune and SIGB start unchosen (the contract's
 * schema then asks for them in words). `code` is typed only when adding (blank: drawn from the commune).
 */
export type LibraryDraft = {
  name: string;
  kind: Kind;
  commune: string | null;
  ils: Ils | null;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  participating: boolean;
  participatingSince: string;
  code: string;
};

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
  code: '',
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
    code: library.code,
  };
}

/** The draft as the contract's fields; an unchosen commune or SIGB is left for the schema to refuse. */
export function fieldsOf(draft: LibraryDraft): Fields {
  return {
    name: draft.name,
    kind: draft.kind,
    commune: draft.commune ?? '',
    // null when unchosen: the schema says « Choisissez le SIGB ».
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
