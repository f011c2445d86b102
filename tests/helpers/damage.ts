import fs from 'node:fs';

/**
 * Overwrites the middle of a database file's b-tree pages with garbage, as a failing disk or a
 * half-copied file would: a quarter of the pages, past the header, so SQLite still opens the file but its
 * integrity check fails.
 */
export function damageDatabaseFile(file: string, pageSize = 4096) {
  const fd = fs.openSync(file, 'r+');
  try {
    const pages = Math.floor(fs.fstatSync(fd).size / pageSize);
    for (let page = 2; page < pages; page += 4)
      fs.writeSync(fd, Buffer.alloc(600, 0xa5), 0, 600, page * pageSize + 8);
  } finally {
    fs.closeSync(fd);
  }
}
