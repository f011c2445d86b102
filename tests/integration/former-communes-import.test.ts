import { describe, expect, it } from 'vitest';
import { fixture, patronImportApp } from './patron-import-app.ts';

/**
 * An export still naming former communes (tests/fixtures/import/anciennes-communes.csv): each is read as
 * today's commune, the preview says so in a note (no warning, nothing for the report), and what the data
 * do not know stays « Commune non reconnue ».
 */
const { api, sqlite, library } = patronImportApp('anciennes-communes.sqlite');

const communeOf = (card: string) =>
  sqlite()
    .prepare('SELECT commune_insee, commune_name FROM patron WHERE card_number = ? AND library_id = ?')
    .get(card, library.A);

describe('an export naming former communes', () => {
  it('resolves Labastide-Murat to Cœur de Causse (46138) and says so, without a warning', async () => {
    const session = await api.call('import.open', {
      libraryId: library.A,
      fileName: 'anciennes-communes.csv',
      content: fixture('anciennes-communes.csv').toString('base64'),
    });
    const preview = await api.call('import.preview', { sessionId: session.sessionId, limit: 50 });
    const byCard = new Map(preview.rows.map((row) => [row.values.cardNumber, row]));
    const said = (card: string) => {
      const row = byCard.get(card);
      return {
        insee: row?.values.communeInsee,
        notes: row?.notes.map((note) => note.message),
        warnings: row?.warnings.map((warning) => warning.code),
      };
    };
    const labastide = {
      insee: '46138',
      notes: ['Labastide-Murat → Cœur de Causse (commune nouvelle)'],
      warnings: [],
    };
    expect(said('AC0001')).toEqual(labastide);
    expect(said('AC0002')).toEqual(labastide);
    // Without a postal code: no other commune of France is called so.
    expect(said('AC0003')).toEqual(labastide);
    expect(said('AC0004')).toEqual({
      insee: '46138',
      notes: ['Beaumat → Cœur de Causse (commune nouvelle)'],
      warnings: [],
    });
    expect(said('AC0005')).toEqual({
      insee: '46334',
      notes: ['Le Vigan → Le Vigan-en-Quercy (nouveau nom)'],
      warnings: [],
    });
    // Le Vigan alone is also today's Le Vigan in the Gard (30350): no guess.
    expect(said('AC0006')).toEqual({ insee: null, notes: [], warnings: ['commune_unknown'] });
    expect(said('AC0007')).toEqual({
      insee: '46268',
      notes: ['Saint-Géry → Saint Géry-Vers (commune nouvelle)'],
      warnings: [],
    });
    // Today's names: nothing to say.
    expect(said('AC0008')).toEqual({ insee: '46138', notes: [], warnings: [] });
    expect(said('AC0009')).toEqual({ insee: '46334', notes: [], warnings: [] });
    // Montcuq: the reference data keep the codes of what Montcuq-en-Quercy-Blanc took in, not this name.
    expect(said('AC0010')).toEqual({ insee: null, notes: [], warnings: ['commune_unknown'] });

    // Only the two rows the data cannot place are warnings, to correct in the file.
    expect(preview.counts).toMatchObject({ rows: 10, created: 10, warnings: 2, expired: 0 });
    const warned = await api.call('import.preview', {
      sessionId: session.sessionId,
      outcome: 'warning',
      limit: 50,
    });
    expect(warned.rows.map((row) => row.values.cardNumber)).toEqual(['AC0006', 'AC0010']);

    const { batchId } = await api.call('import.commit', { sessionId: session.sessionId });
    expect(communeOf('AC0001')).toEqual({ commune_insee: '46138', commune_name: 'Labastide-Murat' });
    expect(communeOf('AC0002')).toEqual({ commune_insee: '46138', commune_name: 'LABASTIDE MURAT' });
    expect(communeOf('AC0003')).toEqual({ commune_insee: '46138', commune_name: 'Labastide-Murat' });
    expect(communeOf('AC0005')).toEqual({ commune_insee: '46334', commune_name: 'Le Vigan' });

    // The report lists what the library has to correct: neither Labastide-Murat nor Le Vigan with its code.
    const report = await api.call('import.report', { batchId, format: 'csv' });
    const text = Buffer.from(report.content, 'base64').toString('utf8');
    expect(text).toContain('AC0006');
    expect(text).toContain('AC0010');
    expect(text).not.toMatch(/AC000[1-5]|AC0007|Labastide/);
  });
});
