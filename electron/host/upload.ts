import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Envelope } from '../../shared/api.ts';
import { fileTooLargeMessage, maxImportBytes } from '../../shared/domain/import-files.ts';
import type { ErrorPayload } from '../../shared/errors.ts';
import { formatBytesFr } from '../../shared/format.ts';
import { uploadPaths } from '../services/import/staged-files.ts';

/**
 * `POST /upload`: a patron export streamed to the staging folder beside the database — never held whole
 * in memory, never base64 through the page — then handed to `import.open` by its id. The declared size is
 * checked before a byte is written; a body longer than declared, or cut short, leaves nothing behind.
 */
export async function receiveUpload(
  req: http.IncomingMessage,
  dir: string,
): Promise<Envelope<{ fileId: string; size: number }> | ErrorPayload> {
  const declared = Number(req.headers['content-length']);
  if (!Number.isSafeInteger(declared) || declared < 0) {
    req.resume();
    return { code: 'INVALID_INPUT', message: 'Envoi refusé : la taille du fichier n’est pas indiquée.' };
  }
  if (declared > maxImportBytes) {
    req.resume();
    return { code: 'FILE_TOO_LARGE', message: fileTooLargeMessage(declared, formatBytesFr) };
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fileId = randomUUID();
  const { partial, complete } = uploadPaths(dir, fileId);
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > declared ? new Error('longer than declared') : null, chunk);
    },
  });
  try {
    await pipeline(req, counted, fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    if (received !== declared) throw new Error('shorter than declared');
    fs.renameSync(partial, complete);
    return { ok: true, value: { fileId, size: received } };
  } catch {
    fs.rmSync(partial, { force: true });
    return { code: 'INVALID_INPUT', message: 'L’envoi du fichier a été interrompu : rien n’a été gardé.' };
  }
}
