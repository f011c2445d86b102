import fs from 'node:fs';

/**
 * When SQLite's quick_check is worth its cost (1.3 s on a 100 MB file, at every CLI call it was most of
 * the wait). Damage comes from outside SQLite — a failing disk, a half-copied or hand-restored file —
 * never from a crash (WAL mode recovers those). So the file is checked when it may have been touched
 * outside the app, and once a day; a migration or a restore checks anyway (open.ts).
 *
 * The last connection to close cleanly writes a stamp beside the file: when it was last checked, and the
 * file's size and modification time as it left it. The next open trusts the file when the stamp is under
 * a day old and, if no other connection has it open (no WAL file), the file is exactly as the stamp says.
 * With a WAL file present, another process (the app beside a CLI call) holds it and did its own check.
 */
export interface IntegrityStamp {
  checkedAt: string;
  size: number;
  mtimeMs: number;
}

const maxAgeMs = 24 * 3_600_000;

export const stampPath = (file: string) => `${file}.integrite.json`;

const walIsLive = (file: string) => {
  try {
    return fs.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
};

function readStamp(file: string): IntegrityStamp | null {
  try {
    const stamp = JSON.parse(fs.readFileSync(stampPath(file), 'utf8')) as IntegrityStamp;
    return typeof stamp.checkedAt === 'string' &&
      Number.isFinite(stamp.size) &&
      Number.isFinite(stamp.mtimeMs)
      ? stamp
      : null;
  } catch {
    return null;
  }
}

/** The time of the last check still trusted for this file, or null when it must be checked now. */
export function trustedCheck(file: string, now: Date): string | null {
  const stamp = readStamp(file);
  if (!stamp) return null;
  const age = now.getTime() - Date.parse(stamp.checkedAt);
  if (!(age >= 0 && age < maxAgeMs)) return null;
  if (walIsLive(file)) return stamp.checkedAt;
  const stat = fs.statSync(file);
  return stat.size === stamp.size && stat.mtimeMs === stamp.mtimeMs ? stamp.checkedAt : null;
}

/**
 * After the connection closed: the file as this connection leaves it, when it was the last one (its
 * close removed the WAL). Another process still holding it writes its own stamp when it closes. Never
 * fails the close: without a stamp, the next open checks.
 */
export function writeStamp(file: string, checkedAt: string): void {
  try {
    if (walIsLive(file) || !fs.existsSync(file)) return;
    const { size, mtimeMs } = fs.statSync(file);
    fs.writeFileSync(stampPath(file), JSON.stringify({ checkedAt, size, mtimeMs }), { mode: 0o600 });
  } catch {
    // A read-only folder or a full disk: the next open simply checks.
  }
}
