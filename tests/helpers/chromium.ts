/** Debian's Chromium by default (browser downloads fail here); CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** How the tests start Chromium, whether one per file or the one the run shares (setup/shared-chromium.ts). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  // Each page's window preloads the address bar's two suggestion popups, web pages of Chromium's own that
  // keep running while hidden: they were most of the browser's work in the run (0.08 core per open page).
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  // French date inputs (jj/mm/aaaa), as staff see them. Chromium on Linux takes its UI language
  // from LANGUAGE rather than --lang, and needs its French resources (Debian: chromium-l10n);
  // without them date inputs stay mm/dd/yyyy, and nothing else changes.
  '--lang=fr-FR',
];

export const chromiumEnv = { ...process.env, LANGUAGE: 'fr_FR:fr' };
