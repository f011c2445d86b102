import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calculationCells as c } from '../../../electron/services/reports/statement-calculation.ts';
import type { ContributionLine } from '../../../shared/domain/contributions/lines.ts';
import { forbiddenWordsIn } from '../../helpers/forbidden-words.ts';
import { repoRoot, tempDir } from '../../helpers/temp.ts';
import {
  csvCell,
  csvCents,
  hasLibreOffice,
  hasPoppler,
  pdfPageText,
  pdfPageToPng,
  poisoned,
  printToPdf,
  recalculateToCsv,
} from './libreoffice.ts';
import {
  csvRowStarting,
  figeac,
  figeacBefore,
  labastide,
  letterName,
  quercy,
  statement,
} from './statement-cases.ts';

const dir = tempDir('mednum-statement-');
const outputDir = path.join(repoRoot, 'tests', 'output');

/** Spaces as printed (no-break, narrow no-break) made plain, runs of them made one. */
const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe.skipIf(!hasLibreOffice)('LibreOffice recalculation (DESIGN.md §9)', () => {
  it('recalculates every statement to the engine’s cent, on the letter as on the Calcul sheet', async () => {
    const cases: Array<[string, ContributionLine, ContributionLine[]]> = [
      ['figeac', figeac, [figeacBefore]],
      ['labastide', labastide, []],
      ['quercy', quercy, []],
    ];
    for (const [name, entry, others] of cases) {
      const file = path.join(dir, `participation-${name}.xlsx`);
      fs.writeFileSync(file, await poisoned(await statement(entry, others)));
      const sheets = await recalculateToCsv(file, dir);
      const calc = sheets.get('Calcul');
      const letter = sheets.get(letterName);
      expect(calc && letter, `CSV files: ${[...sheets.keys()].join(', ')}`).toBeTruthy();
      if (!calc || !letter) return;
      expect(Number(csvCell(calc, c.amountCents)), name).toBe(entry.amountCents);
      expect(csvCents(calc, c.amount), name).toBe(entry.amountCents);
      expect(csvCents(calc, c.beforeLimits), name).toBe(entry.beforeLimitsCents);
      expect(Number(csvCell(calc, c.population)), name).toBe(entry.population);
      expect(csvCell(calc, c.limitedBy), name).toBe(
        entry.limitedBy === 'floor' ? 'plancher' : entry.limitedBy === 'cap' ? 'plafond' : 'aucun',
      );
      const due = csvRowStarting(letter, 'Participation 2027 due');
      expect(csvCents(letter, `C${due}`), name).toBe(entry.amountCents);
      const population = csvRowStarting(letter, 'Population retenue');
      expect(Number(csvCell(letter, `B${population}`)), name).toBe(entry.population);
      const rate = csvRowStarting(letter, 'Taux');
      expect(Math.round(Number(csvCell(letter, `B${rate}`)) * 10_000), name).toBe(entry.rateE4);
      if (others.length > 0) {
        const expected = others.reduce((sum, other) => sum + other.amountCents, entry.amountCents);
        expect(csvCents(letter, `C${csvRowStarting(letter, 'Total 2027')}`)).toBe(expected);
      }
    }
  }, 180_000);

  it('prints the letter alone on its A4 page, in words a collectivity reads', async () => {
    const file = path.join(dir, 'appel-de-participation-2027.xlsx');
    fs.writeFileSync(file, await poisoned(await statement(figeac, [figeacBefore])));
    const pdf = await printToPdf(file, dir);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    if (!hasPoppler) {
      console.warn('pdftoppm / pdftotext (poppler-utils) missing: the printed letter is not read back.');
      return;
    }
    const page = plain(await pdfPageText(pdf, 1));
    for (const expected of [
      'Département du Lot',
      'Appel de participation 2027',
      'CC du Grand-Figeac — SIREN 200067361',
      'Population retenue 45 489 habitants',
      'Taux 0,30 € par habitant',
      'Plancher annuel 1 000,00 €',
      'Plafond annuel 20 000,50 €',
      'Participation 2027 due 6 879,43 €',
      'Total 2027 de l’EPCI (cette convention comprise) 12 518,82 €',
    ]) {
      expect(page).toContain(expected);
    }
    expect(forbiddenWordsIn([page])).toEqual([]);
    expect(page).not.toContain('Calcul de la participation');
    expect(plain(await pdfPageText(pdf, 2))).toContain('Calcul de la participation 2027');

    fs.mkdirSync(outputDir, { recursive: true });
    await pdfPageToPng(pdf, 1, path.join(outputDir, 'appel-de-participation.png'));
    await pdfPageToPng(pdf, 2, path.join(outputDir, 'appel-de-participation-calcul.png'));
    expect(fs.statSync(path.join(outputDir, 'appel-de-participation.png')).size).toBeGreaterThan(10_000);
  }, 120_000);
});

if (!hasLibreOffice) {
  console.warn('LibreOffice (/usr/bin/soffice) is missing: the recalculation tests are skipped.');
}
