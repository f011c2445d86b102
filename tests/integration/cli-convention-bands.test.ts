import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliOn, expectNoStackTrace } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const { cli, json } = cliOn(dir, path.join(dir, 'cli-bands.sqlite'));
const figeac = '200067361';
const terms = [
  'convention',
  'add',
  '--epci',
  figeac,
  '--rate',
  '0.30',
  '--basis',
  'totale',
  '--millesime',
  '2022',
  '--perimeter',
  'epci',
  '--prorata',
  'days',
  '--by',
  'Test',
];

describe('convention add --bands', () => {
  it('refuses a grid whose thresholds go down, exit 2, in French', () => {
    const refused = cli(...terms, '--start', '2027-07-01', '--bands', '10000:0.30;5000:0.20;0.15');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Les seuils doivent être croissants : 5000 habitants après 10000.');
    expectNoStackTrace(refused.stderr);
  });

  it('stores the bands, and the year is computed on them: 4 195,88 €', () => {
    const added = json(...terms, '--start', '2027-07-01', '--bands', '10000:0.30;0.15');
    expect(added.id).toMatch(/^[0-9a-f-]{36}$/);
    const result = json('contributions', '--year', '2027');
    // One rate for all would give 45 489 × 0,30 × 184/365 = 6 879,43 €; the bands give 4 195,88 €.
    const [line] = result.lines.filter((l: { epci: string }) => l.epci === figeac);
    expect(line).toMatchObject({ rate: '0.30', amountCents: 419_588 });
  });
});
