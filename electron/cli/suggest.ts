import type { Command } from './command.ts';

/**
 * What to say to `mednum epci lst`: the command meant, when one is a typo away, and the commands of the
 * group named (`epci …`) — a few lines, instead of the hundred lines of the whole usage.
 */
export function unknownCommandHelp(positionals: string[], commands: readonly Command[]): string {
  const typed = positionals.join(' ');
  const meant = closest(positionals, commands);
  const group = commands.filter((c) => c.words[0] === positionals[0]);
  return [
    `Commande inconnue : « ${typed} ».`,
    ...(meant ? [`Vouliez-vous dire « mednum ${meant.words.join(' ')} » ?`] : []),
    ...(group.length > 0 && !meant ? ['', groupUsage(positionals[0] as string, group)] : []),
    '',
    'Toutes les commandes : mednum --help',
  ].join('\n');
}

/**
 * `mednum sync statut` reads as `sync` with a stray argument, `mednum import lsit` as importing a file « lsit »:
 * when such a call is refused, the longer command a typo away is likely what was meant.
 */
export function longerCommandHint(
  positionals: string[],
  matched: Command,
  commands: readonly Command[],
): string {
  const meant = closest(
    positionals,
    commands.filter((c) => c.words.length > matched.words.length),
  );
  return meant ? `\nVouliez-vous dire « mednum ${meant.words.join(' ')} » ?` : '';
}

/** `mednum library --help`: the commands that start with that word, each with what it does. */
export function groupUsage(word: string, group: readonly Command[]): string {
  return [
    `Commandes « ${word} » :`,
    ...group.flatMap((c) => [`  mednum ${c.words.join(' ')}`, `      ${c.summary}`]),
  ].join('\n');
}

/** The command whose words, as many as typed, are at most two letters away (one per four letters typed). */
function closest(positionals: string[], commands: readonly Command[]): Command | undefined {
  let best: { command: Command; distance: number } | undefined;
  for (const command of commands) {
    const typed = positionals.slice(0, command.words.length).join(' ');
    const distance = editDistance(typed, command.words.join(' '));
    if (distance > Math.min(2, Math.floor(typed.length / 4))) continue;
    if (!best || distance < best.distance) best = { command, distance };
  }
  return best?.command;
}

/** Damerau–Levenshtein (optimal string alignment): a swap of two letters counts as one slip. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
