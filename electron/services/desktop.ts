/**
 * What only the desktop shell can do — native open/save dialogs and system notifications — as the
 * services see it: an interface the Electron main process implements and hands to the context. The
 * browser host and the CLI give none, and the renderer falls back to its file inputs and downloads.
 * The dialogs only choose paths; reading and writing the files stays here, in the services.
 */
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface Desktop {
  /** A native "Ouvrir" dialog; the chosen path, or null when cancelled. */
  chooseFileToOpen(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
  /** A native "Enregistrer sous" dialog; the chosen path, or null when cancelled. */
  chooseFileToSave(options: {
    title: string;
    defaultName: string;
    filters: FileFilter[];
  }): Promise<string | null>;
  /** A system notification (the import is done while the window is in the background). */
  notify(title: string, body: string): void;
}

export const openPurposes = {
  patrons: {
    title: 'Choisir le fichier des lecteurs',
    filters: [
      { name: 'Exports de lecteurs (CSV, Excel)', extensions: ['csv', 'txt', 'tsv', 'xlsx'] },
      { name: 'Tous les fichiers', extensions: ['*'] },
    ],
  },
  populations: {
    title: 'Choisir le fichier de populations',
    filters: [{ name: 'Populations INSEE ou DGF (CSV, Excel)', extensions: ['csv', 'xlsx'] }],
  },
  scenario: { title: 'Choisir un scénario', filters: [{ name: 'Scénario (JSON)', extensions: ['json'] }] },
  document: { title: 'Choisir le document signé', filters: [{ name: 'PDF', extensions: ['pdf'] }] },
  usage: {
    title: 'Choisir le rapport d’usage COUNTER',
    filters: [
      { name: 'Rapports COUNTER (JSON, TSV, CSV)', extensions: ['json', 'tsv', 'csv', 'txt'] },
      { name: 'Tous les fichiers', extensions: ['*'] },
    ],
  },
} as const satisfies Record<string, { title: string; filters: FileFilter[] }>;

export type OpenPurpose = keyof typeof openPurposes;

const saveFilters: Record<string, FileFilter> = {
  xlsx: { name: 'Classeur Excel', extensions: ['xlsx'] },
  csv: { name: 'Fichier CSV', extensions: ['csv'] },
  json: { name: 'Fichier JSON', extensions: ['json'] },
  pdf: { name: 'Document PDF', extensions: ['pdf'] },
  png: { name: 'Image PNG', extensions: ['png'] },
};

export function saveFiltersFor(fileName: string): FileFilter[] {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  const filter = saveFilters[extension];
  return filter ? [filter] : [];
}
