import type { Api } from '../../shared/api.ts';

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
  help: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  words: string[];
  /** Names of the positional arguments after the command words, for usage and arity checks. */
  params: string[];
  options?: Record<string, OptionSpec>;
  summary: string;
  run(api: Api, params: string[], options: OptionValues): Promise<CommandResult>;
}

/** `--by` on every command that changes something: who signs it when Réglages has no name (scripts). */
export const byOption: Record<string, OptionSpec> = {
  by: {
    type: 'string',
    value: 'NOM',
    help: 'nom de l’agent qui signe la modification (sinon celui des Réglages)',
  },
};

export function text(options: OptionValues, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}
