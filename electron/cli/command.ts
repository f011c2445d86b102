import fs from 'node:fs';
import type { Api } from '../../shared/api.ts';
import { AppError, type ErrorCode } from '../../shared/errors.ts';
import { writeFileAtomic } from '../services/atomic-write.ts';

export interface CommandResult {
  /** What `--json` prints: exactly the contract's output, nothing added. */
  json: unknown;
  text: string;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Shown in the usage line, e.g. "AAAA-MM-JJ". */
  value?: string;
  required?: boolean;
  /** May be given several times (`--scenario a.json --scenario b.json`). */
  multiple?: boolean;
  help: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  words: string[];
  /** Names of the positional arguments after the command words, for usage and arity checks; a name
   * ending in « ? » is optional (only at the end: `settings get [<clé>]`). */
  params: string[];
  options?: Record<string, OptionSpec>;
  summary: string;
  /** Exit codes this command gives to some errors, where its issue asks for other codes than the default. */
  exitCodes?: Partial<Record<ErrorCode, number>>;
  /** Runs even when the database fails its integrity check (listing and restoring backups). */
  worksOnDamagedDatabase?: boolean;
  run(api: Api, params: string[], options: OptionValues, door: CliDoor): Promise<CommandResult>;
}

/** What the command line does itself, beside the contract. */
export interface CliDoor {
  /** Copies a patron export beside the database for `import.open({ fileId })`: any size up to 200 MB. */
  stage(file: string): string;
  /** Removes a staged copy the core did not take (a call refused before any handler ran). */
  unstage(fileId: string): void;
}

/**
 * `--by` on every command that changes something. Without it the command line signs with `MEDNUM_BY`, else
 * the staff name stored for this PC, else the operating-system account (signer.ts): scheduled tasks need no flag.
 */
export const byOption: Record<string, OptionSpec> = {
  by: {
    type: 'string',
    value: 'NOM',
    help: 'nom de l’agent qui signe la modification (sinon MEDNUM_BY, sinon le nom des Réglages de ce poste, sinon le compte du système)',
  },
};

export function text(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  if (Array.isArray(value)) return value.at(-1);
  return typeof value === 'string' ? value : undefined;
}

export function texts(options: OptionValues, name: string): string[] {
  const value = options[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

/** Writes a file the user named, whole or not at all. */
export const writeOutputFile = (file: string, bytes: Buffer): void => writeFileAtomic(file, bytes);

/** Reads a file named on the command line; a missing file is a bad invocation (exit 2). */
export function readInputFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    throw new AppError('INVALID_INPUT', `Impossible de lire le fichier « ${file} » : vérifiez son chemin.`);
  }
}
