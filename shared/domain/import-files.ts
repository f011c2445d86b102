/**
 * The largest patron export an import takes: 200 MB (about two million rows). The size is checked before
 * a byte is read — by the browser host before it accepts an upload, by the services before they read.
 */
export const maxImportBytes = 200 * 1024 * 1024;

/** Why a file is refused for its size, in the words staff read (the same from every door). */
export const fileTooLargeMessage = (size: number, formatSize: (bytes: number) => string): string =>
  `Ce fichier fait ${formatSize(size)} : ${formatSize(maxImportBytes)} au plus. Découpez-le en plusieurs fichiers (par exemple par tranche de cartes).`;
