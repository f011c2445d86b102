import { workerCorePort } from '../services/core/worker-port.ts';

/**
 * The `mednum` command's entry. The core's thread is started first: its modules load (the larger part of
 * a call's wait) while this thread loads the commands. A call that needs no core — `--help`, a mistyped
 * command — stops it unused.
 */
const port = workerCorePort();
const { runCli } = await import('./main.ts');
process.exitCode = await runCli(process.argv.slice(2), port);
