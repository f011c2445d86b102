import type { MessageBoxOptions } from 'electron';

/**
 * The French prompts of the self-update (electron-updater, generic HTTPS server set at build time).
 * Pure, so tests read them back without Electron.
 */
export function updateAvailablePrompt(available: string, current: string): MessageBoxOptions {
  return {
    type: 'info',
    title: 'Mise à jour disponible',
    message: `Mise à jour disponible : mednum-admin ${available}`,
    detail: `Vous utilisez la version ${current}. La nouvelle version sera téléchargée en arrière-plan, puis installée quand vous fermerez l’application. Vos données ne sont pas touchées (une sauvegarde est faite avant toute mise à jour du schéma).`,
    buttons: ['Télécharger', 'Plus tard'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
}

export function updateReadyPrompt(version: string): MessageBoxOptions {
  return {
    type: 'info',
    title: 'Mise à jour prête',
    message: `La version ${version} est téléchargée.`,
    detail: 'Redémarrer maintenant pour l’installer, ou elle s’installera à la prochaine fermeture.',
    buttons: ['Redémarrer maintenant', 'À la fermeture'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
}
