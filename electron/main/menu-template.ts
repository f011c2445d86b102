import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do; the shell wires them (navigation, dialogs, diagnostic). */
export interface MenuActions {
  go(hash: string): void;
  exportDiagnostic(): void;
  openDataFolder(): void;
  about(): void;
}

/**
 * The application menu, in French: Fichier, Édition, Affichage, Aide. Electron's roles keep their native
 * behaviour (copy, paste, zoom…) with our labels. Pure (only a type import), so tests read it back.
 */
export function menuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  return [
    {
      label: 'Fichier',
      submenu: [
        {
          label: 'Importer des lecteurs…',
          accelerator: 'CmdOrCtrl+O',
          click: () => actions.go('/imports/nouveau'),
        },
        { label: 'Historique des imports', click: () => actions.go('/imports') },
        { label: 'Rapports', click: () => actions.go('/rapports') },
        { type: 'separator' },
        { label: 'Sauvegardes…', click: () => actions.go('/reglages') },
        { label: 'Réglages', accelerator: 'CmdOrCtrl+,', click: () => actions.go('/reglages') },
        { type: 'separator' },
        { label: 'Quitter', role: 'quit', accelerator: platform === 'win32' ? 'Alt+F4' : 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: 'Édition',
      submenu: [
        { label: 'Annuler', role: 'undo' },
        { label: 'Rétablir', role: 'redo' },
        { type: 'separator' },
        { label: 'Couper', role: 'cut' },
        { label: 'Copier', role: 'copy' },
        { label: 'Coller', role: 'paste' },
        { label: 'Tout sélectionner', role: 'selectAll' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        { label: 'Collectivités', click: () => actions.go('/collectivites') },
        { label: 'Lecteurs', click: () => actions.go('/lecteurs') },
        { label: 'Participations', click: () => actions.go('/contributions') },
        { type: 'separator' },
        { label: 'Zoom avant', role: 'zoomIn' },
        { label: 'Zoom arrière', role: 'zoomOut' },
        { label: 'Taille réelle', role: 'resetZoom' },
        { type: 'separator' },
        { label: 'Plein écran', role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Aide',
      submenu: [
        { label: 'Exporter un diagnostic…', click: () => actions.exportDiagnostic() },
        { label: 'Ouvrir le dossier des données', click: () => actions.openDataFolder() },
        { type: 'separator' },
        { label: 'À propos de mednum-admin', click: () => actions.about() },
      ],
    },
  ];
}
