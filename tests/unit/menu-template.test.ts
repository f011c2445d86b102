import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../electron/main/menu-template.ts';

const calls: string[] = [];
const template = menuTemplate({
  go: (hash) => calls.push(`go ${hash}`),
  exportDiagnostic: () => calls.push('diagnostic'),
  openDataFolder: () => calls.push('dossier'),
  about: () => calls.push('à propos'),
});
const items = (menu: MenuItemConstructorOptions) =>
  (menu.submenu as MenuItemConstructorOptions[]).filter((item) => item.type !== 'separator');
const find = (label: string) =>
  template.flatMap(items).find((item) => item.label === label) as MenuItemConstructorOptions;

describe('the French application menu', () => {
  it('has Fichier, Édition, Affichage, Aide, and every item a French label', () => {
    expect(template.map((menu) => menu.label)).toEqual(['Fichier', 'Édition', 'Affichage', 'Aide']);
    for (const item of template.flatMap(items)) {
      expect(item.label).toBeTruthy();
      expect(item.label).not.toMatch(
        /^(Undo|Redo|Cut|Copy|Paste|Select All|Quit|Zoom In|Zoom Out|Toggle Full Screen)$|^About /,
      );
    }
    expect(items(template[1] as MenuItemConstructorOptions).map((i) => [i.label, i.role])).toEqual([
      ['Annuler', 'undo'],
      ['Rétablir', 'redo'],
      ['Couper', 'cut'],
      ['Copier', 'copy'],
      ['Coller', 'paste'],
      ['Tout sélectionner', 'selectAll'],
    ]);
  });

  it('its items go to the screens and run the shell’s actions', () => {
    const click = (label: string) => (find(label).click as () => void)();
    click('Importer des lecteurs…');
    click('Sauvegardes…');
    click('Exporter un diagnostic…');
    click('Ouvrir le dossier des données');
    click('À propos de mednum-admin');
    expect(calls).toEqual(['go /imports/nouveau', 'go /reglages', 'diagnostic', 'dossier', 'à propos']);
    expect(find('Importer des lecteurs…').accelerator).toBe('CmdOrCtrl+O');
    expect(find('Quitter').role).toBe('quit');
  });
});
