/** Debian's Chromium by default (browser downloads fail here); CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Each page's window preloads the address bar's two suggestion popups, web pages of Chromium's own that keep
 * running while hidden: they were most of the browser's work in the run (0.08 core per open page).
 * SpareRendererForSitePerProcess: after each navigation Chromium starts a renderer process in advance for
 * the next one of the same browser context; every test opens its pages in a new context, which cannot use
 * it. Without it, an opening of the app costs 1.8 s of Chromium's CPU instead of 2.0 (5 openings, median of
 * four rounds, on a slow machine).
 */
const ownDisabledFeatures = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'SpareRendererForSitePerProcess'];

/**
 * Chromium keeps only the last --disable-features of its command line, whole: ours also names the features
 * Playwright 1.65 switches off (its chromiumSwitches.ts), which it would otherwise replace.
 * setup/shared-chromium.ts checks on the running browser that nothing of Playwright's list is lost.
 */
const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/** Features an earlier --disable-features of `commandLine` names and its last one does not: Chromium drops them. */
export function droppedFeatures(commandLine: readonly string[]): string[] {
  const lists = commandLine
    .filter((arg) => arg.startsWith('--disable-features='))
    .map((arg) => arg.slice('--disable-features='.length).split(','));
  const kept = new Set(lists.at(-1));
  return [...new Set(lists.flat().filter((feature) => !kept.has(feature)))];
}

/** How the tests start Chromium, whether one per file or the one the run shares (setup/shared-chromium.ts). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  `--disable-features=${[...playwrightDisabledFeatures, ...ownDisabledFeatures].join(',')}`,
  // French date inputs (jj/mm/aaaa), as staff see them. Chromium on Linux takes its UI language
  // from LANGUAGE rather than --lang, and needs its French resources (Debian: chromium-l10n);
  // without them date inputs stay mm/dd/yyyy, and nothing else changes.
  '--lang=fr-FR',
];

export const chromiumEnv = { ...process.env, LANGUAGE: 'fr_FR:fr' };
