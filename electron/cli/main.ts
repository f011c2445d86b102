import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { createApi } from '../../shared/api.ts';
import { AppError, type ErrorCode } from '../../shared/errors.ts';
import { type Core, startCore } from '../services/core/client.ts';
import type { CorePort } from '../services/core/protocol.ts';
import { localInvoke } from '../services/gate.ts';
import { resolveDatabasePath } from '../services/paths.ts';
import type { OptionValues } from './command.ts';
import { commands, commandUsage, globalOptions, signature, usage } from './commands.ts';
import { defaultSigner } from './signer.ts';
import { cliDoor } from './staging.ts';
import { groupUsage, longerCommandHint, unknownCommandHelp } from './suggest.ts';

/** Exit codes: 0 done; 1 the operation failed and nothing changed; 2 bad invocation or unreadable input. */
const exitCodeFor: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 2,
  UNKNOWN_METHOD: 2,
  DB_OPEN_FAILED: 2,
  DB_NEWER_THAN_APP: 2,
  DB_CORRUPT: 2,
  FILE_UNREADABLE: 2,
  FILE_TOO_LARGE: 2,
  ACTOR_REQUIRED: 2,
};

function fail(message: string, code: number): number {
  process.stderr.write(`${message}\n`);
  return code;
}

/** Runs one command on the core behind `port` (started by entry.ts), and stops it if unused. */
export async function runCli(argv: string[], port: CorePort): Promise<number> {
  let used = false;
  try {
    return await runCommand(argv, () => {
      used = true;
      return port;
    });
  } finally {
    if (!used) port.kill();
  }
}

async function runCommand(argv: string[], takePort: () => CorePort): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return fail(`${describeArgsError(error)}\n\n${usage()}`, 2);
  }
  const { values, positionals } = parsed;
  const command = commands.find((c) => c.words.every((word, i) => positionals[i] === word));
  const group = commands.filter((c) => c.words[0] === positionals[0]);
  if (values.help || positionals.length === 0) {
    const help = command
      ? commandUsage(command)
      : group.length > 0
        ? `${groupUsage(positionals[0] as string, group)}\n\nAide d’une commande : mednum ${group[0]?.words.join(' ')} --help`
        : usage();
    process.stdout.write(`${values.help ? help : usage()}\n`);
    return values.help ? 0 : 2;
  }

  if (!command) return fail(unknownCommandHelp(positionals, commands), 2);
  const params = positionals.slice(command.words.length);
  const hint = () => longerCommandHint(positionals, command, commands);
  const required = command.params.filter((p) => !p.endsWith('?')).length;
  if (params.length < required || params.length > command.params.length)
    return fail(`Arguments incorrects. Attendu : mednum ${signature(command)}${hint()}`, 2);
  const options = values as OptionValues;
  const allowed = { ...globalOptions, ...command.options };
  const stray = Object.keys(options).find(
    (name) => options[name] !== undefined && !Object.hasOwn(allowed, name),
  );
  if (stray) return fail(`Option --${stray} sans objet ici. Attendu : mednum ${signature(command)}`, 2);
  const missing = Object.entries(command.options ?? {}).find(
    ([name, spec]) => spec.required && options[name] === undefined,
  );
  if (missing)
    return fail(
      `Option obligatoire manquante : --${missing[0]}. Attendu : mednum ${signature(command)}${hint()}`,
      2,
    );

  let core: Core | undefined;
  try {
    // The same core as every door, in a thread of its own: `import watch` waits on files here meanwhile.
    core = await startCore(takePort(), {
      databasePath: resolveDatabasePath(typeof values.db === 'string' ? values.db : undefined),
      version: packageJson.version,
      allowDamaged: command.worksOnDamagedDatabase,
    });
    const api = createApi(localInvoke(core.gate));
    if (command.options?.by && options.by === undefined) options.by = await defaultSigner(api);
    const result = await command.run(api, params, options, cliDoor(core.databasePath));
    process.stdout.write(`${values.json ? JSON.stringify(result.json, null, 2) : result.text}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      // Reached only where the system gives no account name to sign with (signer.ts).
      const hint = error.code === 'ACTOR_REQUIRED' ? ' En ligne de commande : --by NOM ou MEDNUM_BY.' : '';
      return fail(`${error.message}${hint}`, command.exitCodes?.[error.code] ?? exitCodeFor[error.code] ?? 1);
    }
    core?.report(error, `commande ${command.words.join(' ')}`);
    return fail('Erreur inattendue : l’opération n’a pas abouti et rien n’a été modifié.', 1);
  } finally {
    await core?.close();
  }
}

/** node:util speaks English; staff read French. */
function describeArgsError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Option inconnue : ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return `Valeur manquante ou invalide pour l’option ${option}`;
  return 'Arguments incorrects.';
}

/** One parse for every command: the union of their options, each command then checks its own. */
function parse(argv: string[]) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    ...globalOptions,
    help: { type: 'boolean', short: 'h' },
  };
  for (const command of commands) {
    for (const [name, spec] of Object.entries(command.options ?? {})) {
      options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) };
    }
  }
  return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
}
