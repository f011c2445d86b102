import { contextBridge, ipcRenderer } from 'electron';
import { type Bridge, type Invoke, ipcChannel } from '../../shared/api.ts';

/**
 * The renderer's only way out: one typed `invoke`, nothing else of ipcRenderer. Runs sandboxed, so it
 * is bundled to CommonJS with `electron` as its single import.
 */
const invoke: Invoke = (method, input) => ipcRenderer.invoke(ipcChannel, method, input);

contextBridge.exposeInMainWorld('bridge', { invoke } satisfies Bridge);
