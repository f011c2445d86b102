import type { CentralContext } from '../../context.ts';
import type { Actor } from '../platforms.ts';
import { acsProblem, addSamlPlatform } from './platforms.ts';

/** `platform add-saml` of the central CLI (access/cli-commands.ts). */
export const samlUsage =
  '  npm run central -- platform add-saml [--data DOSSIER] --name NOM --entity-id ENTITE --acs-url URL [--category] [--age-band]';

export const samlOptions = {
  'entity-id': { type: 'string' },
  'acs-url': { type: 'string' },
} as const;

export interface SamlValues {
  name?: string;
  'entity-id'?: string;
  'acs-url'?: string;
  category?: boolean;
  'age-band'?: boolean;
}

export function checkSamlInvocation(values: SamlValues): string | undefined {
  if (!values.name?.trim() || !values['entity-id']?.trim() || !values['acs-url'])
    return 'Options obligatoires : --name, --entity-id et --acs-url.';
  return acsProblem(values['acs-url']);
}

export async function addSamlFromCli(
  ctx: CentralContext,
  values: SamlValues,
  by: Actor,
  out: (text: string) => void,
): Promise<number> {
  const added = await addSamlPlatform(
    ctx,
    {
      name: values.name ?? '',
      entityId: values['entity-id'] ?? '',
      acsUrl: values['acs-url'] ?? '',
      sendCategory: values.category ?? false,
      sendAgeBand: values['age-band'] ?? false,
    },
    by,
  );
  out(
    `Plateforme SAML enregistrée : ${added.name}\n` +
      `  identifiant : ${added.clientId}\n` +
      `  entité (entity ID) : ${added.entityId}\n` +
      `  adresse de retour (ACS) : ${added.acsUrl}\n` +
      'Donnez-lui les métadonnées du fournisseur d’identité : ADRESSE-PUBLIQUE/saml/metadata.\n',
  );
  return 0;
}
