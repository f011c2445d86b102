import { createHash } from 'node:crypto';
import type { FieldErrors, SignInForm } from './sign-in.ts';

/**
 * The patron's pages, in French, self-contained: no script, no external resource, one inline style
 * allowed by its hash (a strict Content-Security-Policy), labels on every field, an error summary that
 * takes the focus, and words a library patron uses.
 */
const style = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#1a1a1a;background:#f4f5f7}
body{margin:0}main{max-width:34rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 1rem}p{margin:0 0 1rem}
label{display:block;font-weight:600;margin:1.25rem 0 .25rem}.hint{display:block;font-weight:400;color:#4a4a4a;font-size:.95rem}
input,select{font:inherit;width:100%;box-sizing:border-box;padding:.5rem .6rem;border:2px solid #5a5a5a;border-radius:.25rem;background:#fff;color:#1a1a1a}
input:focus,select:focus,button:focus,.summary:focus,a:focus{outline:3px solid #0b57d0;outline-offset:2px}
[aria-invalid=true]{border-color:#b3261e}.field-error{color:#b3261e;font-weight:600;margin:.25rem 0 0}
button{font:inherit;font-weight:600;margin-top:1.5rem;padding:.6rem 1.5rem;border:0;border-radius:.25rem;background:#0b57d0;color:#fff;cursor:pointer}
.summary{border:3px solid #b3261e;border-radius:.25rem;padding:.75rem 1rem;margin:0 0 1rem}.summary h2{font-size:1.1rem;margin:0 0 .5rem}
.summary ul{margin:0;padding-left:1.25rem}a{color:#0b57d0}.note{color:#4a4a4a;font-size:.95rem}
`;
const styleHash = createHash('sha256').update(style).digest('base64');

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export interface Page {
  html: string;
  /** The Content-Security-Policy header to send with it. */
  csp: string;
}

/**
 * `formTargets`: where the page's form may lead — its own address, then the platform it returns to (a
 * browser applies form-action to the redirects that follow a submission too).
 */
function page(title: string, body: string, formTargets: string[] = []): Page {
  const html = `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} — Médiathèque numérique</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
  const targets = ["'self'", ...formTargets.map((url) => new URL(url).origin)].join(' ');
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    `form-action ${targets}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return { html, csp };
}

export interface LibraryChoice {
  id: string;
  name: string;
  communeName: string | null;
}

const fieldIds: Record<keyof SignInForm, string> = {
  libraryId: 'bibliotheque',
  cardNumber: 'carte',
  birthDate: 'naissance',
};

export function loginPage(options: {
  action: string;
  platformName: string;
  libraries: LibraryChoice[];
  values?: Partial<SignInForm>;
  errors?: FieldErrors;
  /** A message about the whole form (wrong card or date). */
  problem?: string;
  returnTo: string;
}): Page {
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const listed: { field?: keyof SignInForm; text: string }[] = [
    ...(options.problem ? [{ text: options.problem }] : []),
    ...(Object.entries(errors) as [keyof SignInForm, string][]).map(([field, text]) => ({ field, text })),
  ];
  const summary =
    listed.length === 0
      ? ''
      : `<div class="summary" role="alert" tabindex="-1" autofocus aria-labelledby="summary-title">
<h2 id="summary-title">${listed.length > 1 ? 'Des informations sont à corriger' : 'La connexion n’a pas abouti'}</h2>
<ul>${listed
          .map((item) =>
            item.field
              ? `<li><a href="#${fieldIds[item.field]}">${escapeHtml(item.text)}</a></li>`
              : `<li>${escapeHtml(item.text)}</li>`,
          )
          .join('')}</ul>
</div>`;
  const describedBy = (field: keyof SignInForm, hint?: string) => {
    const ids = [hint, errors[field] ? `${fieldIds[field]}-erreur` : undefined].filter(Boolean);
    return `${ids.length ? ` aria-describedby="${ids.join(' ')}"` : ''}${errors[field] ? ' aria-invalid="true"' : ''}`;
  };
  const fieldError = (field: keyof SignInForm) =>
    errors[field]
      ? `<p class="field-error" id="${fieldIds[field]}-erreur">${escapeHtml(errors[field] as string)}</p>`
      : '';
  const options_ = options.libraries
    .map(
      (library) =>
        `<option value="${escapeHtml(library.id)}"${library.id === values.libraryId ? ' selected' : ''}>${escapeHtml(
          library.communeName && library.communeName !== library.name
            ? `${library.name} (${library.communeName})`
            : library.name,
        )}</option>`,
    )
    .join('');
  const body = `<h1>Connexion à ${escapeHtml(options.platformName)}</h1>
<p>La médiathèque numérique est ouverte aux inscrits des bibliothèques participantes. Connectez-vous avec votre carte de bibliothèque.</p>
${summary}
<form method="post" action="${escapeHtml(options.action)}" novalidate>
<label for="${fieldIds.libraryId}">Votre bibliothèque</label>
<select id="${fieldIds.libraryId}" name="libraryId" required${describedBy('libraryId')}>
<option value="">Choisissez votre bibliothèque</option>
${options_}
</select>
${fieldError('libraryId')}
<label for="${fieldIds.cardNumber}">Numéro de votre carte <span class="hint" id="carte-aide">Il est écrit sur votre carte de bibliothèque.</span></label>
<input id="${fieldIds.cardNumber}" name="cardNumber" type="text" required autocomplete="off" spellcheck="false" maxlength="100" value="${escapeHtml(values.cardNumber ?? '')}"${describedBy('cardNumber', 'carte-aide')}>
${fieldError('cardNumber')}
<label for="${fieldIds.birthDate}">Votre date de naissance <span class="hint" id="naissance-aide">Sous la forme JJ/MM/AAAA, par exemple 05/03/1987.</span></label>
<input id="${fieldIds.birthDate}" name="birthDate" type="text" required inputmode="numeric" autocomplete="bday" maxlength="10" value="${escapeHtml(values.birthDate ?? '')}"${describedBy('birthDate', 'naissance-aide')}>
${fieldError('birthDate')}
<button type="submit">Se connecter</button>
</form>
<p class="note">Sur un ordinateur partagé, votre connexion n’est pas gardée : personne après vous ne pourra entrer sous votre nom.</p>`;
  return page(`Connexion à ${options.platformName}`, body, [options.returnTo]);
}

/** A page that ends the sign-in: a title, paragraphs, and the way back to the platform if one is given. */
export function messagePage(title: string, paragraphs: string[], back?: string): Page {
  const body = `<h1 tabindex="-1" autofocus>${escapeHtml(title)}</h1>
${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n')}
${back ? `<p><a href="${escapeHtml(back)}">Revenir à la page de connexion</a></p>` : ''}`;
  return page(title, body);
}

export const wrongCardOrDate =
  'Le numéro de carte ou la date de naissance ne correspondent pas aux informations de votre bibliothèque. Vérifiez-les et réessayez.';

export function refusalPage(reasons: string[], back: string): Page {
  return messagePage(
    'Vous ne pouvez pas entrer dans la médiathèque numérique',
    [...reasons, 'Votre bibliothèque peut vous renseigner et, le cas échéant, renouveler votre inscription.'],
    back,
  );
}

export function noBirthDatePage(back: string): Page {
  return messagePage(
    'Votre bibliothèque doit compléter votre inscription',
    [
      'Pour vous connecter, il faut que votre bibliothèque connaisse votre date de naissance : elle ne l’a pas dans votre inscription.',
      'Demandez-lui de l’ajouter ; vous pourrez ensuite vous connecter avec votre carte et votre date de naissance.',
    ],
    back,
  );
}

export function throttledPage(seconds: number, back: string): Page {
  const wait =
    seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconde${seconds > 1 ? 's' : ''}`;
  return messagePage(
    'Trop de tentatives',
    [
      `Trop de tentatives de connexion ont échoué avec cette carte ou depuis cet ordinateur. Réessayez dans ${wait}.`,
      'Si vous avez oublié le numéro de votre carte, votre bibliothèque peut vous le redonner.',
    ],
    back,
  );
}

/** What the provider says when a request cannot go on (an unknown platform, an expired page…). */
export function providerErrorPage(code: string): Page {
  const expired = code === 'invalid_request' || code === 'session_not_found';
  return messagePage('La connexion n’a pas pu aboutir', [
    expired
      ? 'Cette page de connexion a expiré ou a déjà servi. Revenez sur le site de la plateforme et recommencez.'
      : 'La plateforme qui vous a envoyé ici n’est pas reconnue, ou sa demande est incomplète. Revenez sur son site et recommencez ; si cela se reproduit, prévenez votre bibliothèque.',
    `Code pour l’assistance : ${code}.`,
  ]);
}
