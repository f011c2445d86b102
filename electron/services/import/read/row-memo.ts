import { formatDateFr } from '../../../../shared/domain/dates.ts';
import type { FormerCommune } from '../communes.ts';
import { parseDate } from './dates.ts';
import type { PatronField } from './fields.ts';

/** Something a row's reading says about one of its fields (normalize.ts). */
export interface Issue {
  field: PatronField | null;
  /** stable, snake_case: see `rejectionCodes` and `warningCodes` */
  code: string;
  /** French, for people */
  message: string;
}

/** A value quoted in a message, cut at 60 characters. */
export const show = (value: string) => `« ${value.length > 60 ? `${value.slice(0, 60)}…` : value} »`;

/** How a former commune became today's, in a note: « commune nouvelle », « nouveau nom »… */
const formerKindWords: Record<FormerCommune['kind'], string> = {
  delegated: 'commune nouvelle',
  associated: 'fusion de communes',
  merged: 'fusion de communes',
  renamed: 'nouveau nom',
};

/**
 * What repeats across the rows of one file, computed once per distinct value: a file has a few thousand
 * distinct dates and communes for 100,000 rows, and a shared warning costs no memory per row.
 */
interface Memo {
  date(raw: string, birth: boolean): string | null;
  expired(expiresOn: string): Issue;
  communeUnknown(rawPostal: string | null, communeName: string | null): Issue;
  /** The note of a row naming a former commune, as a one-note list shared by all such rows. */
  formerName(former: FormerCommune): readonly Issue[];
}

/** Keyed by the file's normalisation context (normalize.ts `NormalizeContext`): one memo per file read. */
const memos = new WeakMap<{ readonly today: string }, Memo>();

export function memoFor(context: { readonly today: string }): Memo {
  const known = memos.get(context);
  if (known) return known;
  const birthDates = new Map<string, string | null>();
  const otherDates = new Map<string, string | null>();
  const expired = new Map<string, Issue>();
  const communes = new Map<string, Issue>();
  const formerNames = new Map<FormerCommune, readonly Issue[]>();
  const memo: Memo = {
    date(raw, birth) {
      const cache = birth ? birthDates : otherDates;
      let iso = cache.get(raw);
      if (iso === undefined) {
        iso = parseDate(raw, { today: context.today, birth });
        cache.set(raw, iso);
      }
      return iso;
    },
    expired(expiresOn) {
      let issue = expired.get(expiresOn);
      if (!issue) {
        issue = Object.freeze({
          field: 'expiresOn',
          code: 'registration_expired',
          message: `Abonnement expiré le ${formatDateFr(expiresOn)}.`,
        });
        expired.set(expiresOn, issue);
      }
      return issue;
    },
    communeUnknown(rawPostal, communeName) {
      const given = [rawPostal, communeName].filter((part) => part !== null).join(' ');
      let issue = communes.get(given);
      if (!issue) {
        issue = Object.freeze({
          field: 'commune',
          code: 'commune_unknown',
          message: `Commune non reconnue : ${show(given)}.`,
        });
        communes.set(given, issue);
      }
      return issue;
    },
    formerName(former) {
      let notes = formerNames.get(former);
      if (!notes) {
        notes = Object.freeze([
          Object.freeze({
            field: 'commune',
            code: 'commune_former_name',
            message: `${former.name} → ${former.currentName} (${formerKindWords[former.kind]})`,
          } as const),
        ]);
        formerNames.set(former, notes);
      }
      return notes;
    },
  };
  memos.set(context, memo);
  return memo;
}
