import { beforeAll, describe, expect, it } from 'vitest';
import { calculationCells as c } from '../../../electron/services/reports/statement-calculation.ts';
import type { Api } from '../../../shared/api.ts';
import { grandFigeac, grandFigeacConvention2027, openTestApp } from '../../helpers/app.ts';
import { forbiddenWordsIn } from '../../helpers/forbidden-words.ts';
import { tempDir } from '../../helpers/temp.ts';
import { load, rowStarting, sheetTexts } from './statement-cases.ts';

const dir = tempDir('mednum-statement-contract-');
let api: Api;

beforeAll(async () => {
  ({ api } = await openTestApp(dir, 'statement.sqlite'));
  await api.call('convention.add', grandFigeacConvention2027);
});

describe('report.statement', () => {
  it('writes the letter of the département the app serves, in its name, with the engine’s amount', async () => {
    const report = await api.call('report.statement', { epci: grandFigeac, year: 2027 });
    const { letter, calc } = await load(Buffer.from(report.content, 'base64'));
    expect(letter.getCell('A1').value).toBe('Département du Lot');
    expect(forbiddenWordsIn(sheetTexts(letter))).toEqual([]);
    expect(letter.getCell(`B${rowStarting(letter, 'Communes comptées')}`).value).toBe(
      'les 92 communes de l’EPCI (liste dans l’onglet « Calcul »)',
    );
    expect(letter.getCell(`C${rowStarting(letter, 'Participation 2027 due')}`).result).toBe(6879.43);
    expect(calc.getCell(c.amountCents).result).toBe(687_943);
  });
});
