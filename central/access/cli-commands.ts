import os from 'node:os';
import { z } from 'zod';
import { accessPolicySchema, platformAddresses, platformInputSchema } from '../../shared/sync/access.ts';
import type { CentralContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { addPlatform, listPlatforms, removePlatform } from './platforms.ts';
import { readPolicy, writePolicy } from './policy.ts';
import { addSamlFromCli, checkSamlInvocation, samlOptions, samlUsage } from './saml/cli.ts';

/**
 * `platform add|list|remove` and `access policy` of the central CLI (cli.ts), on an opened context.
 * Exit codes as the other commands: 0 done, 1 the operation failed, 2 bad invocation.
 */
export const accessUsage = `  npm run central -- platform add [--data DOSSIER] --name NOM --redirect-uri URL [--redirect-uri URL2 …] [--category] [--age-band]
${samlUsage}
  npm run central -- platform list [--data DOSSIER]
  npm run central -- platform remove [--data DOSSIER] IDENTIFIANT
  npm run central -- access policy [--data DOSSIER] [--grace-days N] [--open-epci SIREN …] [--no-open-epci]`;

export const accessOptions = {
  name: { type: 'string' },
  'redirect-uri': { type: 'string', multiple: true },
  category: { type: 'boolean' },
  'age-band': { type: 'boolean' },
  'grace-days': { type: 'string' },
  'open-epci': { type: 'string', multiple: true },
  'no-open-epci': { type: 'boolean' },
  ...samlOptions,
} as const;

export interface AccessValues {
  name?: string;
  'redirect-uri'?: string[];
  category?: boolean;
  'age-band'?: boolean;
  'grace-days'?: string;
  'open-epci'?: string[];
  'no-open-epci'?: boolean;
  'entity-id'?: string;
  'acs-url'?: string;
}

type Output = { out: (text: string) => void; fail: (text: string, code: number) => number };

/** Who signs a change made from the server's console: its operating-system account. */
const operator = () => ({ userId: null, email: `console:${os.userInfo().username}`, ip: null });

const describe = (error: z.ZodError) => error.issues.map((issue) => issue.message).join(' ; ');

/** Whether the command is one of these (then `run` answers it). */
export const isAccessCommand = (positionals: string[]) =>
  positionals[0] === 'platform' || (positionals[0] === 'access' && positionals[1] === 'policy');

/** Checks the invocation before anything is opened: a message and code 2, or undefined. */
export function checkAccessInvocation(positionals: string[], values: AccessValues): string | undefined {
  const [subject, verb, ...rest] = positionals;
  if (subject === 'platform' && verb === 'add') {
    if (!values.name || !values['redirect-uri']?.length)
      return 'Options obligatoires : --name et au moins une --redirect-uri.';
    const input = platformInputSchema.safeParse(platformInput(values));
    return input.success ? undefined : describe(input.error);
  }
  if (subject === 'platform' && verb === 'add-saml') return checkSamlInvocation(values);
  if (subject === 'platform' && verb === 'list') return undefined;
  if (subject === 'platform' && verb === 'remove')
    return rest.length === 1 ? undefined : 'Donnez l’identifiant de la plateforme à retirer (platform list).';
  if (subject === 'access' && verb === 'policy') {
    if (values['grace-days'] !== undefined && !/^\d{1,3}$/.test(values['grace-days']))
      return 'Le délai de grâce va de 0 à 365 jours.';
    if (values['no-open-epci'] && values['open-epci']?.length)
      return '--open-epci et --no-open-epci s’excluent.';
    return undefined;
  }
  return `Commande inconnue : « ${positionals.join(' ')} ».`;
}

const platformInput = (values: AccessValues) => ({
  name: values.name,
  redirectUris: values['redirect-uri'] ?? [],
  sendCategory: values.category ?? false,
  sendAgeBand: values['age-band'] ?? false,
});

export async function runAccessCommand(
  ctx: CentralContext,
  positionals: string[],
  values: AccessValues,
  { out, fail }: Output,
): Promise<number> {
  const [subject, verb, clientId] = positionals;
  try {
    if (subject === 'platform' && verb === 'add') {
      const added = await addPlatform(ctx, platformInputSchema.parse(platformInput(values)), operator());
      out(
        `Plateforme enregistrée : ${added.name}\n` +
          `  identifiant (client_id) : ${added.clientId}\n` +
          `  secret (client_secret)  : ${added.clientSecret}\n` +
          'Le secret n’est montré qu’une fois : transmettez-le à la plateforme par un canal sûr.\n',
      );
      return 0;
    }
    if (subject === 'platform' && verb === 'add-saml')
      return await addSamlFromCli(ctx, values, operator(), out);
    if (subject === 'platform' && verb === 'list') {
      const platforms = await listPlatforms(ctx);
      if (platforms.length === 0) out('Aucune plateforme enregistrée.\n');
      for (const p of platforms) {
        const extra = [p.sendCategory ? 'catégorie' : '', p.sendAgeBand ? 'tranche d’âge' : '']
          .filter(Boolean)
          .join(', ');
        out(
          `${p.clientId}\t${p.name}\t${platformAddresses(p)}\t${extra || '—'}\tenregistrée le ${p.createdAt.slice(0, 10)} par ${p.createdBy}\n`,
        );
      }
      return 0;
    }
    if (subject === 'platform' && verb === 'remove') {
      await removePlatform(ctx, clientId as string, operator());
      out(`Plateforme ${clientId} retirée : elle ne peut plus connecter de lecteurs.\n`);
      return 0;
    }
    // access policy: shown, or changed then shown.
    const current = await readPolicy(ctx);
    const changing =
      values['grace-days'] !== undefined || values['open-epci'] !== undefined || values['no-open-epci'];
    let policy = current;
    if (changing) {
      const next = accessPolicySchema.safeParse({
        graceDays: values['grace-days'] === undefined ? current.graceDays : Number(values['grace-days']),
        openedEpcis: values['no-open-epci'] ? [] : (values['open-epci'] ?? current.openedEpcis),
      });
      if (!next.success) return fail(describe(next.error), 2);
      policy = await writePolicy(ctx, next.data, operator());
    }
    out(
      `Délai de grâce après la fin d’un abonnement : ${policy.graceDays} jour${policy.graceDays > 1 ? 's' : ''}\n` +
        `EPCI ouverts sans convention : ${policy.openedEpcis.length ? policy.openedEpcis.join(', ') : 'aucun'}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof HttpError) return fail(error.message, 1);
    if (error instanceof z.ZodError) return fail(describe(error), 2);
    throw error;
  }
}
