import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { cliOn, expectNoStackTrace, runCli } from './cli.ts';
import { tempDir } from './temp.ts';

/** A fresh database the CLI creates in its own folder, the CLI on it, and its journal read back. */
export function cliBase(name: string) {
  const dir = tempDir();
  const db = path.join(dir, name);
  const { cli, json } = cliOn(dir, db);
  const withEnv = (env: NodeJS.ProcessEnv, ...args: string[]) => runCli(dir, [...args, '--db', db], env);
  /** Who the journal (audit_log) says made the changes to `entityId`. */
  const signerOf = (entityId: string) => {
    const sqlite = new BetterSqlite3(db, { readonly: true });
    try {
      const rows = sqlite
        .prepare('SELECT DISTINCT actor FROM audit_log WHERE entity_id = ?')
        .all(entityId) as { actor: string }[];
      return rows.map((r) => r.actor);
    } finally {
      sqlite.close();
    }
  };
  return { dir, db, cli, json, withEnv, signerOf };
}

/** A refusal: its exit code, a French message on stderr, nothing on stdout, no stack trace. */
export function expectRefused(
  result: { code: number | null; stdout: string; stderr: string },
  code: number,
  message: RegExp,
) {
  expect(result.stderr).toMatch(message);
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expectNoStackTrace(result.stderr);
}

/** Each CLI run starts a process and a core thread: seconds each on a busy machine. */
export const cliTestTimeout = 400_000;
