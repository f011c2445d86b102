import { describe, expect, it } from 'vitest';
import {
  contributionsCsvHeaders,
  writeContributionsCsv,
} from '../../../electron/services/reports/contributions-csv.ts';
import { grandFigeacTerms, labastideTerms, line, quercyBlancTerms, result } from './fixtures.ts';

const current = result([line(grandFigeacTerms), line(labastideTerms), line(quercyBlancTerms)]);

function rowsOf(buffer: Buffer): string[] {
  return buffer
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');
}

describe('writeContributionsCsv', () => {
  it('writes UTF-8 with a BOM, semicolons, CRLF and French headers', () => {
    const buffer = writeContributionsCsv(current);
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buffer.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const [header] = rowsOf(buffer);
    expect(header).toBe(
      'EPCI;SIREN;Convention;Début;Fin;Population;Base;Millésime;Périmètre;Taux (€/hab.);Prorata;Plancher;Plafond;Montant (€)',
    );
    expect(contributionsCsvHeaders).toHaveLength(14);
  });

  it('writes one row per line with French dates and decimal commas', () => {
    const rows = rowsOf(writeContributionsCsv(current));
    expect(rows[1]).toBe(
      'CC du Grand-Figeac;200067361;CONV-2027-GF;01/07/2027;31/12/2029;45489;totale;2022;' +
        'communes du département seulement;0,30;0,504110;1000,00;20000,50;6879,43',
    );
    expect(rows[3]).toBe(
      'CC du Quercy Blanc;200039519;CONV-2027-QB;01/08/2027;;12024;totale;2022;' +
        'communes du département seulement;0,3125;0,416667;;;1565,63',
    );
  });

  it('neutralises every cell a spreadsheet could run as a formula', () => {
    const rows = rowsOf(writeContributionsCsv(current));
    expect(rows[2]?.split(';').slice(0, 4)).toEqual([
      'CC du Causse de Labastide-Murat',
      '200023737',
      "'=CONV-2025-CLM",
      '01/01/2025',
    ]);
    const hostile = result([line({ ...quercyBlancTerms, name: '@SUM(A1)', reference: '+1;"x"' })]);
    const [, row] = rowsOf(writeContributionsCsv(hostile));
    expect(row?.startsWith(`'@SUM(A1);200039519;"'+1;""x"""`)).toBe(true);
  });

  it('ends with the total, after the EPCI whose population is missing', () => {
    const withMissing = {
      ...current,
      missing: [{ epci: '200066405', name: 'CC Cazals-Salviac', basis: 'dgf' as const, millesime: 2023 }],
    };
    const rows = rowsOf(writeContributionsCsv(withMissing));
    expect(rows).toHaveLength(7); // header, 3 lines, 1 missing, total, '' after the final CRLF
    expect(rows[4]).toBe('CC Cazals-Salviac;200066405;;;;manquante;DGF;2023;;;;;;');
    expect(rows[5]).toBe(`Total;;;;;;;;;;;;;${(current.totalCents / 100).toFixed(2).replace('.', ',')}`);
    expect(current.totalCents).toBe(687_943 + 150_000 + 156_563);
    expect(rows[6]).toBe('');
  });

  it('writes a banded line’s grid in the rate cell, not the first band’s rate alone', () => {
    const banded = line({
      ...grandFigeacTerms,
      source: 'scenario',
      bands: [
        { upTo: 10_000, rate: '0.30' },
        { upTo: null, rate: '0.15' },
      ],
    });
    const [, row] = rowsOf(writeContributionsCsv(result([banded], 'Dégressif')));
    // The cell holds a « ; »: quoted, so it stays one cell.
    expect(row).toContain(';communes du département seulement;"0,30 jusqu’à 10000 ; 0,15 au-delà";0,504110;');
    expect(row?.endsWith(';4195,88')).toBe(true);
  });
});
