/**
 * PostgreSQL refusing a value (class 22: data exception — an invalid byte sequence, a too-long string; class
 * 23: integrity constraint violation). Such a refusal is about the data, not the server's health: the
 * change is refused with its reason, and the client's later changes go on, instead of a 500 that the
 * desktop would take for "server unreachable" and retry forever.
 */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

export const dataErrorReason =
  'Valeur refusée par la base du serveur central (caractère ou longueur non admis, ou référence absente) : la modification n’a pas été enregistrée.';
