import fs from 'node:fs';
import path from 'node:path';

/**
 * A plain rotating file logger for the services, usable without Electron (CLI, browser host, tests):
 * one line per entry, `mednum-admin.log` rotated to `.1`…`.N` when it passes `maxBytes`. The desktop
 * shell's electron-log writes into the same `logs/` folder. Never give it patron data: logs travel in
 * diagnostics.
 */

export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  readonly file: string;
  log(level: LogLevel, message: string, detail?: unknown): void;
  info(message: string): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export function logsDirFor(userData: string): string {
  return path.join(userData, 'logs');
}

export function createFileLogger(
  dir: string,
  options: { name?: string; maxBytes?: number; keep?: number; now?: () => Date } = {},
): Logger {
  const file = path.join(dir, `${options.name ?? 'services'}.log`);
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 5;
  const now = options.now ?? (() => new Date());

  function rotate() {
    for (let i = keep - 1; i >= 1; i -= 1) {
      const from = `${file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${file}.${i + 1}`);
    }
    fs.renameSync(file, `${file}.1`);
  }

  function log(level: LogLevel, message: string, detail?: unknown) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const extra = detail === undefined ? '' : ` ${describe(detail)}`;
      const line = `${now().toISOString()} [${level}] ${message}${extra}\n`;
      if (fs.existsSync(file) && fs.statSync(file).size + line.length > maxBytes) rotate();
      fs.appendFileSync(file, line);
    } catch {
      // A log that cannot be written (disk full, read-only folder) must never stop the work it describes.
    }
  }

  return {
    file,
    log,
    info: (message) => log('info', message),
    warn: (message, detail) => log('warn', message, detail),
    error: (message, detail) => log('error', message, detail),
  };
}

/** An error's code, message and stack; anything else as JSON. */
function describe(detail: unknown): string {
  if (detail instanceof Error) {
    const code = (detail as { code?: unknown }).code;
    return `${code ? `${String(code)} ` : ''}${detail.stack ?? detail.message}`;
  }
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

/** Logs nowhere: the default where no folder was given. */
export const silentLogger: Logger = {
  file: '',
  log() {},
  info() {},
  warn() {},
  error() {},
};
