import { runCentralCli } from './cli.ts';

/** `npm run central -- …`: see cli.ts. An unexpected failure exits 1 with a French line, no stack. */
runCentralCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Erreur inattendue du serveur central : ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
