import { describe, expect, it } from 'vitest';
import { externalHosts, isAllowedExternalUrl } from '../../electron/main/external-links.ts';

describe('links opened in the user’s browser', () => {
  it('allows https pages of the listed sites', () => {
    expect(isAllowedExternalUrl('https://www.insee.fr/fr/statistiques/7725600')).toBe(true);
    expect(isAllowedExternalUrl('https://www.data.gouv.fr/fr/datasets/?q=epci#x')).toBe(true);
    expect(externalHosts.every((host) => isAllowedExternalUrl(`https://${host}/`))).toBe(true);
  });

  it('refuses other schemes, look-alike hosts, credentials, ports and garbage', () => {
    for (const url of [
      'http://www.insee.fr/',
      'javascript:alert(1)',
      'file:///C:/Windows/system32/calc.exe',
      'app://mednum/index.html',
      'https://www.insee.fr.evil.example/',
      'https://evil.example/?https://www.insee.fr/',
      'https://www.insee.fr@evil.example/',
      'https://user:pass@www.insee.fr/',
      'https://www.insee.fr:8443/',
      'https://insee.fr/',
      'ms-msdt:/id PCWDiagnostic',
      '\\\\serveur\\partage\\fichier.exe',
      'not a url',
      '',
      `https://www.insee.fr/${'a'.repeat(3000)}`,
    ])
      expect(isAllowedExternalUrl(url), url).toBe(false);
    expect(isAllowedExternalUrl(undefined)).toBe(false);
    expect(isAllowedExternalUrl({ href: 'https://www.insee.fr/' })).toBe(false);
  });

  it('compares the parsed host, so case and IDN tricks do not pass', () => {
    expect(isAllowedExternalUrl('HTTPS://WWW.INSEE.FR/')).toBe(true);
    expect(isAllowedExternalUrl('https://www.іnsee.fr/')).toBe(false); // Cyrillic і
  });
});
