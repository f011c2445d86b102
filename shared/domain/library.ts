import { z } from 'zod';
import { isoDateSchema } from './dates.ts';
import { inseeCodeSchema, sirenSchema } from './epci.ts';
import { plainLine } from './plain-text.ts';

export const libraryKinds = ['mediatheque', 'bibliotheque', 'point_lecture'] as const;
export const libraryKindSchema = z.enum(libraryKinds, {
  error: () => 'Type inconnu (mediatheque, bibliotheque ou point_lecture).',
});
export const libraryKindLabels: Record<(typeof libraryKinds)[number], string> = {
  mediatheque: 'Médiathèque',
  bibliotheque: 'Bibliothèque',
  point_lecture: 'Point lecture',
};

export const ilsCodes = ['koha', 'pmb', 'orphee', 'decalog', 'syracuse', 'biblixnet', 'other'] as const;
export const ilsSchema = z.enum(ilsCodes, {
  error: (issue) =>
    issue.input == null
      ? 'Choisissez le SIGB (le logiciel de la bibliothèque), ou « Autre ».'
      : `SIGB inconnu. Possibles : ${ilsCodes.join(', ')}.`,
});
export const ilsLabels: Record<(typeof ilsCodes)[number], string> = {
  koha: 'Koha',
  pmb: 'PMB',
  orphee: 'Orphée',
  decalog: 'Decalog',
  syracuse: 'Aloès / Syracuse',
  biblixnet: 'BiblixNet',
  other: 'Autre',
};

export const libraryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'Code court : 2 à 20 lettres, chiffres ou tirets.');

const shape = {
  name: plainLine(120, { trim: true }).min(1, 'Le nom est obligatoire.'),
  kind: libraryKindSchema,
  // Nothing chosen yet reads as such, not as a malformed code.
  commune: z.string().min(1, 'Choisissez la commune de la bibliothèque.').pipe(inseeCodeSchema),
  ils: ilsSchema,
  contactName: plainLine(120, { trim: true }),
  contactEmail: z.union([z.literal(''), z.email('Adresse e-mail invalide.')]),
  contactPhone: plainLine(30, { trim: true }),
  participating: z.boolean(),
  participatingSince: isoDateSchema.nullable(),
};

export const libraryFieldsSchema = z.object({
  ...shape,
  kind: shape.kind.default('bibliotheque'),
  contactName: shape.contactName.default(''),
  contactEmail: shape.contactEmail.default(''),
  contactPhone: shape.contactPhone.default(''),
  participating: shape.participating.default(false),
  participatingSince: shape.participatingSince.default(null),
});

/** An update names only the fields it changes (zod would fill defaults into a partial of the above). */
export const libraryPatchSchema = z.object(shape).partial();

export const librarySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: libraryKindSchema,
  commune: inseeCodeSchema,
  communeName: z.string(),
  epci: sirenSchema.nullable(),
  epciName: z.string().nullable(),
  ils: ilsSchema,
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string(),
  participating: z.boolean(),
  participatingSince: z.string().nullable(),
});
export type Library = z.infer<typeof librarySchema>;
