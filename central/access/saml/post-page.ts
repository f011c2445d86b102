import { createHash } from 'node:crypto';
import type { Page } from '../pages.ts';

/**
 * The HTTP-POST binding's last step: a page whose form carries the signed response to the platform's ACS,
 * sent at once by a one-line script (allowed by its hash only), or by the button when scripts are off.
 */
const script = 'document.forms[0].submit();';
const scriptHash = createHash('sha256').update(script).digest('base64');

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export function postToPlatform(acsUrl: string, fields: Record<string, string>, platformName: string): Page {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Retour vers ${escapeHtml(platformName)} — Médiathèque numérique</title>
</head>
<body>
<main>
<h1>Connexion réussie</h1>
<form method="post" action="${escapeHtml(acsUrl)}">
${inputs}
<p>Si la page de ${escapeHtml(platformName)} ne s’ouvre pas d’elle-même, continuez avec ce bouton.</p>
<button type="submit">Continuer vers ${escapeHtml(platformName)}</button>
</form>
</main>
<script>${script}</script>
</body>
</html>`;
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    `form-action ${new URL(acsUrl).origin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return { html, csp };
}
