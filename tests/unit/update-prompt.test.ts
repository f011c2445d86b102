import { describe, expect, it } from 'vitest';
import { updateAvailablePrompt, updateReadyPrompt } from '../../electron/main/update-prompt.ts';

describe('the self-update prompts', () => {
  it('say "Mise à jour disponible" in French, with both versions, and download only on yes', () => {
    const prompt = updateAvailablePrompt('0.2.0', '0.1.0');
    expect(prompt.title).toBe('Mise à jour disponible');
    expect(prompt.message).toContain('0.2.0');
    expect(prompt.detail).toContain('0.1.0');
    expect(prompt.buttons).toEqual(['Télécharger', 'Plus tard']);
    expect(prompt.cancelId).toBe(1);
  });

  it('offer to restart once downloaded, or to install at the next closing', () => {
    expect(updateReadyPrompt('0.2.0')).toMatchObject({
      title: 'Mise à jour prête',
      buttons: ['Redémarrer maintenant', 'À la fermeture'],
    });
  });
});
