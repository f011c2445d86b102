import fs from 'node:fs';
import path from 'node:path';

/** Why the keys cannot be used; the code is stable (scripts and tests), the message is for the operator. */
export type KeyConfigCode =
  | 'TOKEN_KEY_TOO_SHORT'
  | 'KEY_FILE_OPEN_TO_OTHERS'
  | 'KEY_FILE_UNREADABLE'
  | 'KEY_FILE_INVALID'
  | 'KEY_FILE_NO_CURRENT_KEY'
  | 'KEY_ROTATE_FROM_ENV'
  | 'KEY_ROTATE_NO_FILE';

export class KeyConfigError extends Error {
  constructor(
    readonly code: KeyConfigCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The service's secret files (token keys, OpenID Connect and SAML keys), kept outside the database, all by
 * one rule: written whole (temporary file, fsync, rename) readable by the service's account only, in a
 * folder made 0700; refused at start when other accounts may read them.
 */
export function writePrivateFile(file: string, content: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

/** The file's JSON, `create()`d first when it does not exist yet; undefined when it is not JSON. */
export function readPrivateFile(file: string, create: () => unknown): unknown {
  if (!fs.existsSync(file)) writePrivateFile(file, create());
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077)
    throw new KeyConfigError(
      'KEY_FILE_OPEN_TO_OTHERS',
      `Le fichier de clés ${file} est lisible par d’autres comptes (mode ${mode.toString(8)}) : chmod 600 ${file}`,
    );
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
