import type ExcelJS from 'exceljs';
import type { BnrData } from './bnr-data.ts';
import { type BnrCells, euros, header, widths } from './bnr-sheets.ts';
import { bold, formats, formula, neutraliseText, writeTitle } from './cells.ts';

/** « Budget »: per year, the service's cost and the EPCI contributions summed from their lines below. */
export function writeBudgetSheet(
  sheet: ExcelJS.Worksheet,
  data: BnrData,
): Pick<BnrCells, 'budget' | 'costLines'> {
  writeTitle(
    sheet,
    `Budget de la médiathèque numérique ${data.years[0]}–${data.years.at(-1)}`,
    'Chaque total est une formule sur les lignes détaillées plus bas',
  );
  widths(sheet, [10, 30, 36, 16, 16, 48]);
  header(sheet, 4, [
    'Année',
    'Coût du service (€)',
    'Participations des EPCI (€)',
    'Part du Département (€)',
  ]);
  const summaryFirst = 5;
  const costHeader = summaryFirst + data.years.length + 2;
  const costFirst = costHeader + 1;
  const costs = [...data.costs].sort(
    (a, b) =>
      a.year - b.year || a.vendor.localeCompare(b.vendor, 'fr') || a.label.localeCompare(b.label, 'fr'),
  );
  const costLast = costFirst + costs.length - 1;
  const contributionHeader = costLast + 3;
  const contributionFirst = contributionHeader + 1;
  const contributions = [...data.contributions].sort(
    (a, b) => a.year - b.year || a.epciName.localeCompare(b.epciName, 'fr'),
  );
  const contributionLast = contributionFirst + contributions.length - 1;

  sheet.getCell(`A${costHeader - 1}`).value = 'Lignes de coût (par fournisseur)';
  sheet.getCell(`A${costHeader - 1}`).font = bold;
  header(sheet, costHeader, ['Année', 'Fournisseur', 'Libellé', 'Montant (€)', '', 'Source']);
  const costLines = new Map<string, string>();
  costs.forEach((line, index) => {
    const r = costFirst + index;
    costLines.set(line.id, `D${r}`);
    sheet.getCell(`A${r}`).value = line.year;
    sheet.getCell(`B${r}`).value = neutraliseText(line.vendor);
    sheet.getCell(`C${r}`).value = neutraliseText(line.label);
    sheet.getCell(`D${r}`).value = euros(line.amountCents);
    sheet.getCell(`D${r}`).numFmt = formats.euros;
    sheet.getCell(`F${r}`).value = 'Lignes de coût saisies dans l’application (Participations › Coûts)';
  });

  sheet.getCell(`A${contributionHeader - 1}`).value = 'Participations des EPCI (conventions en vigueur)';
  sheet.getCell(`A${contributionHeader - 1}`).font = bold;
  header(sheet, contributionHeader, ['Année', 'EPCI', 'Convention', 'Montant (€)', '', 'Source']);
  contributions.forEach((line, index) => {
    const r = contributionFirst + index;
    sheet.getCell(`A${r}`).value = line.year;
    sheet.getCell(`B${r}`).value = neutraliseText(line.epciName);
    sheet.getCell(`C${r}`).value = neutraliseText(line.reference);
    sheet.getCell(`D${r}`).value = euros(line.amountCents);
    sheet.getCell(`D${r}`).numFmt = formats.euros;
    sheet.getCell(`F${r}`).value =
      'Calcul des participations (conventions, populations légales, prorata) — voir le rapport de financement';
  });

  const budget: BnrCells['budget'] = new Map();
  data.years.forEach((year, index) => {
    const r = summaryFirst + index;
    const cost = data.costs.filter((c) => c.year === year).reduce((s, c) => s + c.amountCents, 0);
    const contributed = data.contributions
      .filter((c) => c.year === year)
      .reduce((s, c) => s + c.amountCents, 0);
    sheet.getCell(`A${r}`).value = year;
    sheet.getCell(`B${r}`).value =
      costs.length > 0
        ? formula(`SUMIF($A$${costFirst}:$A$${costLast},A${r},$D$${costFirst}:$D$${costLast})`, euros(cost))
        : 0;
    sheet.getCell(`C${r}`).value =
      contributions.length > 0
        ? formula(
            `SUMIF($A$${contributionFirst}:$A$${contributionLast},A${r},$D$${contributionFirst}:$D$${contributionLast})`,
            euros(contributed),
          )
        : 0;
    sheet.getCell(`D${r}`).value = formula(`B${r}-C${r}`, euros(cost - contributed));
    for (const c of ['B', 'C', 'D']) sheet.getCell(`${c}${r}`).numFmt = formats.euros;
    budget.set(year, {
      cost: `B${r}`,
      contributions: `C${r}`,
      share: `D${r}`,
      costLines: costs.length > 0 ? `$A$${costFirst}:$A$${costLast}` : '',
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return { budget, costLines };
}
