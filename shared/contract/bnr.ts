import { z } from 'zod';

const year = z.number().int().min(2000).max(2100);
const workbook = z.object({ fileName: z.string(), content: z.string() });

/**
 * The exports staff are asked for (issue 18, item 3): the « Dossier BNR » workbook over several years and
 * the yearly ministry survey's digital-resources figures, each figure a formula over its source sheet.
 */
export const bnrMethods = {
  'report.bnr': {
    input: z
      .object({
        /** First and last year; default: the three years up to the proposed year (Réglages › Rapports). */
        from: year.optional(),
        to: year.optional(),
      })
      .strict()
      .refine((i) => i.from === undefined || i.to === undefined || i.from <= i.to, {
        message: 'La première année doit précéder la dernière.',
      })
      .refine((i) => i.from === undefined || i.to === undefined || i.to - i.from < 10, {
        message: 'Dix années au plus.',
      }),
    output: workbook,
  },
  'report.survey': {
    input: z.object({ year }).strict(),
    output: workbook,
  },
} as const;
