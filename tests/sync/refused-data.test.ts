import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpTransport } from '../../electron/services/sync/transport.ts';
import { PROTOCOL_VERSION, SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.ts';
import { backends } from '../central/backends.ts';
import { client } from '../central/client.ts';
import { chunkOf, patron } from '../central/patrons.ts';
import { grandFigeac } from '../helpers/app.ts';
import { repoRoot, tempDir } from '../helpers/temp.ts';
import { password, startTestCentral } from './helpers/central.ts';
import { type Desktop, openDesktop } from './helpers/desktop.ts';

/**
 * Data the central service cannot store is refused with its reason — as a refused change on the desktop,
 * never "Serveur central injoignable" — and never blocks what comes after it, nor the PCs that sync later.
 * What the desktop's contract refuses is what the server refuses (shared/domain/plain-text.ts).
 */
const patronFile = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/import/francais-excel.csv'), 'latin1');

const costLine = (label: string) => ({
  year: 2026,
  vendor: 'Cantook',
  label,
  pricing: 'flat' as const,
  amount: '100,00',
});

/** What an older or damaged client left in its outbox: the last entry's patch, changed under it. */
function tamperLastEntry(pc: Desktop, change: (patch: Record<string, unknown>) => Record<string, unknown>) {
  const sqlite = pc.context.database.sqlite;
  const entry = sqlite
    .prepare('SELECT client_seq, patch FROM sync_outbox ORDER BY client_seq DESC LIMIT 1')
    .get() as { client_seq: number; patch: string };
  sqlite
    .prepare('UPDATE sync_outbox SET patch = ? WHERE client_seq = ?')
    .run(JSON.stringify(change(JSON.parse(entry.patch))), entry.client_seq);
}

describe.each(backends)('data the central service refuses ($name)', (backend) => {
  const dir = tempDir(`mednum-sync-refused-${backend.name}-`);
  let central: Awaited<ReturnType<typeof startTestCentral>>;
  let anne: Desktop;
  let fresh = 0;

  const login = (pc: Desktop, email: string) =>
    pc.api.call('sync.login', { serverUrl: central.url, email, password });
  const costLabels = async (pc: Desktop) =>
    (await pc.api.call('cost.list', { year: 2026 })).map((line) => line.label).sort();
  /** A PC that was never synced, logged in with an account of its own, after its first sync. */
  async function freshPc(options: Parameters<typeof openDesktop>[2] = {}) {
    fresh += 1;
    const pc = await openDesktop(dir, `Poste${fresh}`, options);
    await central.addUser(`poste${fresh}@lot.fr`, 'agent', password);
    await login(pc, `poste${fresh}@lot.fr`);
    return pc;
  }

  beforeAll(async () => {
    central = await startTestCentral({ backend });
    await central.addUser('anne@lot.fr', 'agent', password);
    anne = await openDesktop(dir, 'Anne');
    await login(anne, 'anne@lot.fr');
  });

  it('what staff type: a NUL is refused at the door, in French; a line break only in notes', async () => {
    await expect(anne.api.call('cost.add', costLine('Presse\u0000en ligne'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('caractère invisible interdit'),
    });
    await expect(
      anne.api.call('contact.add', { siren: grandFigeac, name: 'Jeanne\nMartin' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('une seule ligne') });
    await anne.api.call('epci.addNote', {
      siren: grandFigeac,
      text: 'Rappeler lundi.\nApporter la convention.',
    });
    await anne.api.call('sync.now', {});
    expect(await anne.api.call('sync.rejections', {})).toEqual([]);
  });

  it('a NUL sent by an older client is refused with its reason; later changes still go through', async () => {
    await anne.api.call('cost.add', costLine('Presse en ligne'));
    tamperLastEntry(anne, (patch) => ({ ...patch, label: 'Presse\u0000en ligne' }));
    await anne.api.call('cost.add', costLine('Vidéo à la demande'));

    const outcome = await anne.api.call('sync.now', {});
    expect(outcome.pushed).toBe(2);
    const refusals = await anne.api.call('sync.rejections', {});
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ table: 'service_cost', code: 'INVALID_ROW' });
    expect(refusals[0]?.reason).toContain('caractère invisible interdit');
    expect((await anne.api.call('sync.status', {})).lastError).toBeNull();

    // The next change of this PC goes through, and a fresh PC has the lines the server took.
    await anne.api.call('cost.add', costLine('Autoformation'));
    await anne.api.call('sync.now', {});
    expect(await costLabels(anne)).toEqual(['Autoformation', 'Vidéo à la demande']);
    const pc = await freshPc();
    await pc.api.call('sync.now', {});
    expect(await costLabels(pc)).toEqual(['Autoformation', 'Vidéo à la demande']);
  });

  it('a mutation the server cannot read at all is refused alone; the ones around it go through', async () => {
    await anne.api.call('cost.add', costLine('Musique en ligne'));
    await anne.api.call('cost.add', costLine('Cours de langues'));
    // Not even a scalar: the whole push request is refused (400), not one of its mutations.
    tamperLastEntry(anne, (patch) => ({ ...patch, label: { texte: 'Cours de langues' } }));
    await anne.api.call('cost.add', costLine('Jeux vidéo'));

    expect((await anne.api.call('sync.now', {})).pushed).toBe(3);
    const refused = (await anne.api.call('sync.rejections', {})).filter((r) => r.code === 'INVALID_INPUT');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toMatch(/^Requête invalide/);
    expect((await anne.api.call('sync.status', {})).lastError).toBeNull();

    // The outbox was numbered again behind the refused one: the next change goes through as well.
    await anne.api.call('cost.add', costLine('Presse jeunesse'));
    expect((await anne.api.call('sync.now', {})).pushed).toBe(1);
    const pc = await freshPc();
    await pc.api.call('sync.now', {});
    expect(await costLabels(pc)).toEqual([
      'Autoformation',
      'Jeux vidéo',
      'Musique en ligne',
      'Presse jeunesse',
      'Vidéo à la demande',
    ]);
  });

  it('a library an older client named with a NUL: refused, then its import (UNKNOWN_REFERENCE); the PC goes on', async () => {
    const { id: libraryId } = await anne.api.call('library.add', {
      name: 'Médiathèque de Cajarc',
      commune: '46042',
      ils: 'koha',
      code: 'BIB-CAJARC',
    });
    tamperLastEntry(anne, (patch) => ({ ...patch, name: 'Médiathèque\u0000de Cajarc' }));
    const session = await anne.api.call('import.open', {
      libraryId,
      fileName: 'lecteurs.csv',
      content: Buffer.from(patronFile, 'latin1').toString('base64'),
    });
    await anne.api.call('import.commit', { sessionId: session.sessionId });
    await anne.api.call('cost.add', costLine('Bandes dessinées'));

    await anne.api.call('sync.now', {});
    const refusals = await anne.api.call('sync.rejections', {});
    expect(refusals.find((r) => r.table === 'library')).toMatchObject({
      code: 'INVALID_ROW',
      rowId: libraryId,
    });
    expect(refusals.find((r) => r.table === 'patron')).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      reason: expect.stringMatching(/^Bibliothèque inconnue/),
    });
    expect((await anne.api.call('sync.status', {})).lastError).toBeNull();
    // The PC keeps its library and patrons (taking the library away would leave them dangling).
    expect((await anne.api.call('patron.count', { libraryId })).count).toBeGreaterThan(0);
    expect(await costLabels(anne)).toContain('Bandes dessinées');

    const pc = await freshPc();
    await pc.api.call('sync.now', {});
    expect((await pc.api.call('sync.status', {})).lastError).toBeNull();
    expect(await pc.api.call('library.list', {})).toEqual([]);
    expect(await costLabels(pc)).toContain('Bandes dessinées');
  });

  it('an import committed for a library the server does not hold: 422 UNKNOWN_REFERENCE; fresh PCs still sync', async () => {
    const api = client(central.url);
    const { accessToken } = await api.login('anne@lot.fr', password);
    const setId = randomUUID();
    const chunk = chunkOf([patron('bibliotheque-inconnue', 1)]);
    const put = await fetch(`${central.url}/sync/batches/${setId}/chunks/${chunk.sha256}`, {
      method: 'PUT',
      headers: { ...api.versions, authorization: `Bearer ${accessToken}`, 'content-encoding': 'gzip' },
      body: Uint8Array.from(chunk.body),
    });
    expect(put.ok).toBe(true);
    const commit = await api.call('POST', `/sync/batches/${setId}/commit`, {
      token: accessToken,
      body: {
        kind: 'import',
        libraryId: 'bibliotheque-inconnue',
        mode: 'incremental',
        fileName: 'inconnue.csv',
        chunks: [chunk.sha256],
      },
    });
    expect(commit.status).toBe(422);
    expect(commit.body).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      message: expect.stringMatching(/^Bibliothèque inconnue/),
    });

    const pc = await freshPc();
    await pc.api.call('sync.now', {});
    expect((await pc.api.call('sync.status', {})).lastError).toBeNull();
    expect(pc.context.database.sqlite.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(0);
  });

  it('a snapshot that fails its checks is SYNC_SNAPSHOT_INVALID, not retried as if offline', async () => {
    const lines: { current: string[] } = { current: [] };
    let snapshots = 0;
    const pc = await freshPc({
      transport: (url) => {
        const real = httpTransport(url);
        return {
          async send(request) {
            if (!request.path.startsWith('/sync/snapshot') || lines.current.length === 0)
              return real.send(request);
            snapshots += 1;
            return {
              status: 200,
              headers: { 'content-type': 'application/gzip' },
              body: gzipSync(lines.current.join('\n')),
            };
          },
        };
      },
    });
    const header = JSON.stringify({ protocol: PROTOCOL_VERSION, schema: SYNC_SCHEMA_VERSION, version: 1 });
    const orphan = JSON.stringify({
      table: 'patron',
      rowId: 'orphelin',
      version: 1,
      deleted: false,
      row: { ...patron('bibliotheque-disparue', 1), id: 'orphelin' },
    });
    // Format 2 (PROTOCOL.md): arrays, a patron's values in the header's column order.
    const orphanRow: Record<string, unknown> = { ...patron('bibliotheque-disparue', 1), id: 'orphelin' };
    const patronColumns = Object.keys(orphanRow);
    const compact = JSON.stringify({
      protocol: PROTOCOL_VERSION,
      schema: SYNC_SCHEMA_VERSION,
      version: 1,
      format: 2,
      patronColumns,
    });
    const compactOrphan = JSON.stringify([
      'patron',
      'orphelin',
      1,
      patronColumns.map((column) => orphanRow[column]),
    ]);
    for (const [body, why] of [
      [[header, orphan], 'incohérent'],
      [[header, '{"table": "library", "rowId"'], 'illisible'],
      [[compact, compactOrphan], 'incohérent'],
      [[compact, '["patron", "orphelin", 1, ["orphelin"]]'], 'illisible'],
      [[compact, '["library", "lib", 1, ["lib"]]'], 'illisible'],
      [[compact, orphan], 'illisible'],
    ] as const) {
      lines.current = [...body];
      snapshots = 0;
      await expect(pc.api.call('sync.now', {})).rejects.toMatchObject({
        code: 'SYNC_SNAPSHOT_INVALID',
        message: expect.stringContaining(why),
      });
      expect(snapshots).toBe(1);
      expect((await pc.api.call('sync.status', {})).lastError).toMatchObject({
        code: 'SYNC_SNAPSHOT_INVALID',
      });
      expect(pc.context.database.sqlite.prepare('SELECT count(*) FROM patron').pluck().get()).toBe(0);
    }

    // The server's own snapshot is sound: the next sync starts from it.
    lines.current = [];
    await pc.api.call('sync.now', {});
    expect((await pc.api.call('sync.status', {})).lastError).toBeNull();
    expect(await costLabels(pc)).toContain('Bandes dessinées');
  });
});
