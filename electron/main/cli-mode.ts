/**
 * `mednum-admin --cli <commande> …`: the packaged app runs the command line without opening a window
 * (scheduled tasks, scripts). Pure, so tests read it back without Electron.
 */
export const cliFlag = '--cli';

/** The CLI's own arguments (what follows `--cli`), or null when the desktop app should start. */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(cliFlag);
  return at === -1 ? null : argv.slice(at + 1);
}

/** What the bundled CLI module reads: `process.argv.slice(2)` must be the command's arguments. */
export function argvForCli(execPath: string, args: readonly string[]): string[] {
  return [execPath, 'mednum', ...args];
}
