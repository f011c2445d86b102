import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../central/backends.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';

/**
 * A reader's PC (PROTOCOL.md « Rôles et données personnelles ») stores the masked patrons it receives, by
 * snapshot and by pull, and still counts them as an agent's PC does; an agent's PC holds them whole.
 */
const fixture = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/import/francais-excel.csv'), 'latin1');
const [header] = fixture.split('\r\n').filter(Boolean) as [string, ...string[]];
// Written after the reader's first sync, so it reaches the reader by pull, not by snapshot.
const laterExport = [
  header,
  `46CZ000099;ZORGLUBLU;Zoé;14/07/1961;zorglublu@exemple.fr;46100;Figeac;;;Adulte`,
];
const personal = /Josette|Hélène|ZORGLUBLU|zorglublu@|orange\.fr|1977-02-17|1961-07-14|46CZ0000/;

describe.each(backends)('a reader’s PC ($name)', (backend) => {
  const dir = tempDir('mednum-reader-scope-');
  let agent: Desktop;
  let reader: Desktop;
  let libraryId: string;

  /** Every stored patron column that may name a person, as one text per row. */
  const stored = (pc: Desktop) =>
    (
      pc.context.database.sqlite
        .prepare('SELECT last_name, first_name, birth_date, email, name_key, card_number FROM patron')
        .all() as Record<string, unknown>[]
    ).map((row) => JSON.stringify(row));

  async function importFile(text: string, fileName: string) {
    const session = await agent.api.call('import.open', {
      libraryId,
      fileName,
      content: Buffer.from(text, 'latin1').toString('base64'),
    });
    await agent.api.call('import.commit', { sessionId: session.sessionId });
  }

  beforeAll(async () => {
    const central = await startTestCentral({ backend });
    await central.addUser('anne@lot.fr', 'agent', password);
    await central.addUser('lecture@lot.fr', 'reader', password);
    agent = await openDesktop(dir, 'Anne');
    reader = await openDesktop(dir, 'Lecture');
    for (const [pc, email] of [
      [agent, 'anne@lot.fr'],
      [reader, 'lecture@lot.fr'],
    ] as const)
      await pc.api.call('sync.login', { serverUrl: central.url, email, password });
    libraryId = (
      await agent.api.call('library.add', { name: 'Médiathèque de Prayssac', commune: '46225', ils: 'other' })
    ).id;
    await importFile(fixture, 'lecteurs.csv');
    await agent.api.call('sync.now', {});
    await reader.api.call('sync.now', {});
    await importFile(laterExport.join('\r\n'), 'lecteurs-2.csv');
    await agent.api.call('sync.now', {});
    await reader.api.call('sync.now', {});
  });

  it('stores every patron, snapshot and pull alike, with no name, birth date, e-mail or card', async () => {
    const rows = stored(reader);
    // Every row the agent's PC holds (the fixture's malformed lines were rejected at import).
    expect(rows).toHaveLength(stored(agent).length);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.filter((row) => personal.test(row))).toEqual([]);
    // The search the Lecteurs screen runs shows them, each « masqué » (an empty name, PatronGrid.tsx).
    const found = await reader.api.call('patron.search', { text: '', status: 'all' });
    expect(found.total).toBe(rows.length);
    expect(new Set(found.patrons.map((p) => p.lastName))).toEqual(new Set(['']));
    expect(found.patrons.every((p) => p.email === null && p.birthDate === null)).toBe(true);
  });

  it('counts them as the agent’s PC does, per library and in all', async () => {
    for (const filter of [{}, { libraryId }])
      expect(await reader.api.call('patron.count', filter)).toEqual(
        await agent.api.call('patron.count', filter),
      );
  });

  it('while the agent’s PC holds them whole', () => {
    expect(stored(agent).filter((row) => /ZORGLUBLU/.test(row))).toHaveLength(1);
    expect(stored(agent).filter((row) => /Josette/.test(row))).toHaveLength(1);
  });
});
