/**
 * Links that leave the app open in the user's browser, never in a window of ours, and only when they
 * point to an https site on this list: checked with the WHATWG URL parser, not with string tests
 * ("https://insee.fr.evil.example", "https://user@insee.fr", "javascript:" all fail). Pure, so tests
 * read it back without Electron.
 */
export const externalHosts: readonly string[] = [
  'www.insee.fr',
  'www.data.gouv.fr',
  'www.collectivites-locales.gouv.fr',
  'www.banatic.interieur.gouv.fr',
  'lot.fr',
  'www.lot.fr',
];

export function isAllowedExternalUrl(raw: unknown, hosts: readonly string[] = externalHosts): boolean {
  if (typeof raw !== 'string' || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    hosts.includes(url.hostname)
  );
}
