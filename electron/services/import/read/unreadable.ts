import { AppError } from '../../../../shared/errors.ts';

/** The only error reading raises: the file cannot be read as a table, said in French. */
export function unreadable(message: string, cause?: unknown): AppError {
  return new AppError('FILE_UNREADABLE', message, cause === undefined ? undefined : { cause });
}

/** « bib-a.csv », the way messages name a file. */
export function quoted(name: string): string {
  return `« ${name} »`;
}

export const saveAsAdvice = 'ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx ou CSV';

/**
 * Runs a reading step so that nothing but FILE_UNREADABLE comes out of it: an unexpected exception from
 * a parser (a file shaped in a way nobody foresaw) becomes a French message, its cause kept.
 */
export function guard<T>(fileName: string, read: () => T): T {
  try {
    const result = read();
    if (result instanceof Promise) return result.catch((error) => rethrow(fileName, error)) as T;
    return result;
  } catch (error) {
    return rethrow(fileName, error);
  }
}

function rethrow(fileName: string, error: unknown): never {
  if (error instanceof AppError) throw error;
  throw unreadable(
    `${quoted(fileName)} n’a pas pu être lu : son contenu n’a pas la forme d’un tableau CSV ou Excel.`,
    error,
  );
}
