import { saveNatively } from './native.ts';

const mimeTypes: Record<string, string> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json;charset=utf-8',
  png: 'image/png',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Base64 from the contract → the bytes, for a Blob. */
export function fromBase64(content: string): Uint8Array<ArrayBuffer> {
  const binary = atob(content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Saves a file the user asked for: in the desktop app through the native "Enregistrer sous" dialog
 * (the main process writes it); in a browser as a download.
 */
export async function saveFile(fileName: string, content: string): Promise<void> {
  if (!(await saveNatively(fileName, content))) downloadFile(fileName, content);
}

/**
 * Hands a file to the browser as a download: a Blob, an object URL and a link with `download`, clicked
 * once; the URL is released once the download has started.
 */
export function downloadFile(fileName: string, content: string): void {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  const blob = new Blob([fromBase64(content)], { type: mimeTypes[extension] ?? 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Bytes made in the page (a chart's PNG, text) saved as a file, base64 as the contract carries them. */
export function saveBytes(fileName: string, bytes: Uint8Array): Promise<void> {
  let binary = '';
  // In slices: spreading a whole file's bytes as arguments would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return saveFile(fileName, btoa(binary));
}

/** Text (JSON, CSV made in the page) as a UTF-8 download. */
export function saveText(fileName: string, text: string): Promise<void> {
  return saveBytes(fileName, new TextEncoder().encode(text));
}
