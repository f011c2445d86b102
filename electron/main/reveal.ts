import { shell } from 'electron';
import type { FolderRevealer } from '../services/reports/kept-reports.ts';

/**
 * « Ouvrir le dossier »: the system file manager (Explorer, Finder, Files) on a kept report, selected.
 * The services check the path first (inside the app's reports folder, an existing file).
 */
export const shellRevealer: FolderRevealer = {
  showItemInFolder: (filePath) => shell.showItemInFolder(filePath),
};
