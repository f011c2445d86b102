import path from 'node:path';

/** Where the run's migrated central database is, in the run's template folder (setup/pglite-template-maker.ts). */
export function pgliteTemplate(dir: string) {
  return {
    /** A PGlite data folder, for a server on disk. */
    folder: path.join(dir, 'central-pglite'),
    /** The same database dumped (`dumpDataDir`), for a server in memory. */
    dump: path.join(dir, 'central-pglite.tar'),
    /** What went wrong, when the maker failed. */
    failure: path.join(dir, 'central-pglite.failed'),
  };
}
