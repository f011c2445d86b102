import type { Input } from '../../shared/contract.ts';
import { api } from '../api.ts';

/**
 * The desktop app's native dialogs, asked of the main process through the contract; the browser host
 * has none, and the callers fall back to the page's own file inputs and downloads.
 */
let capabilities: Promise<{ dialogs: boolean; notifications: boolean }> | null = null;

export function nativeCapabilities() {
  capabilities ??= api
    .call('desktop.capabilities', {})
    .catch(() => ({ dialogs: false, notifications: false }));
  return capabilities;
}

/** A file chosen in the native "Ouvrir" dialog, as a File like the input's; null when cancelled. */
export async function pickNativeFile(purpose: Input<'desktop.openFile'>['purpose']): Promise<File | null> {
  const { file } = await api.call('desktop.openFile', { purpose });
  return file ? new File([Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0))], file.fileName) : null;
}

/** Saves through the native "Enregistrer sous" dialog; false when there is none here. */
export async function saveNatively(fileName: string, content: string): Promise<boolean> {
  if (!(await nativeCapabilities()).dialogs) return false;
  await api.call('desktop.saveFile', { fileName, content });
  return true;
}
