import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { createApi } from '../../shared/api.ts';
import { AppError, type ErrorCode } from '../../shared/errors.ts';
import { openAppContext } from '../services/context.ts';
import { localInvoke } from '../services/dispatch.ts';
import { createHandlers } from '../services/handlers.ts';
import { resolveDatabasePath } from '../services/paths.ts';
import { commands, usage } from './commands.ts';

/** Exit codes: 0 done; 1 the operation failed and nothing changed; 2 bad invocation or unreadable input. */
const exitCodeFor: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 2,
  UNKNOWN_METHOD: 2,
  DB_OPEN_FAILED: 2,
  DB_NEWER_THAN_APP: 2,
};

function fail(message: string, code: number): number {
  process.stderr.write(`${message}\n`);
  return code;
}

export async function runCli(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return fail(`${describeArgsError(error)}\n\n${usage()}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${usage()}\n`);
    return values.help ? 0 : 2;
  }

  const command = commands.find((c) => c.words.every((word, i) => positionals[i] === word));
  if (!command) return fail(`Commande inconnue : « ${positionals.join(' ')} ».\n\n${usage()}`, 2);
  const params = positionals.slice(command.words.length);
  if (params.length !== command.params.length) {
    const expected = [...command.words, ...command.params.map((p) => `<${p}>`)].join(' ');
    return fail(`Arguments incorrects. Attendu : mednum ${expected}`, 2);
  }

  let context: Awaited<ReturnType<typeof openAppContext>> | undefined;
  try {
    context = await openAppContext({
      databasePath: resolveDatabasePath(values.db),
      version: packageJson.version,
    });
    const api = createApi(localInvoke(createHandlers(context)));
    const result = await command.run(api, params);
    process.stdout.write(`${values.json ? JSON.stringify(result.json, null, 2) : result.text}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) return fail(error.message, exitCodeFor[error.code] ?? 1);
    return fail('Erreur inattendue : l’opération n’a pas abouti et rien n’a été modifié.', 1);
  } finally {
    await context?.close();
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

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

process.exitCode = await runCli(process.argv.slice(2));
