import { KeyConfigError } from './auth/private-file.ts';
import { runCentralCli } from './cli.ts';

/**
 * `npm run central -- …`: see cli.ts. A misconfigured signing key exits 2 with its French explanation;
 * any other unexpected failure exits 1 with a French line, no stack.
 */
runCentralCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof KeyConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`Erreur inattendue du serveur central : ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
