import type ExcelJS from 'exceljs';
import type { UsageIndicators } from '../../../shared/domain/usage/indicators.ts';
import {
  bold,
  formats,
  formula,
  neutraliseText,
  printSetup,
  styleHeader,
  thinBorder,
  writeTitle,
} from './cells.ts';

export const usageTitle = 'Usages';

/**
 * « Usages »: header on row 5, one row per platform, then the cost lines matching no platform, a blank
 * row and the Département's row. Columns: A platform, B uses, C cost, D cost per use, E active patrons,
 * F cost per active patron. Costs are inputs (euros to the cent); the ratios are live formulas.
 */
export const usageLayout = {
  headerRow: 5,
  firstRow: 6,
  columns: { name: 'A', uses: 'B', cost: 'C', perUse: 'D', active: 'E', perActive: 'F' },
} as const;

/**
 * euros / count rounded half up to the cent, on integer cents as the app's exact decimal strings: the
 * quotient of two integers this size never falls within floating-point error of a half it is not.
 */
const perCount = (euros: string, count: string) =>
  `IF(AND(ISNUMBER(${euros}),ISNUMBER(${count}),${count}>0),INT((2*ROUND(${euros}*100,0)+${count})/(2*${count}))/100,"")`;
const cached = (decimal: string | null) => (decimal === null ? '' : Number(decimal));

export function writeUsageSheet(
  sheet: ExcelJS.Worksheet,
  data: UsageIndicators,
  generatedOnText: string,
): void {
  const { year } = data;
  writeTitle(
    sheet,
    `Usages ${year}`,
    'Utilisations : demandes de documents (Total_Item_Requests) déclarées par les fournisseurs (COUNTER) ; coût : lignes de coût dont le fournisseur porte le nom de la plateforme',
  );
  sheet.getCell('A3').value =
    data.activityFetchedAt === null
      ? `Pas encore de chiffres de connexion pour ${year} : synchronisez ce poste avec le serveur central. Lecteurs actifs par EPCI : feuille « Lecteurs actifs ».`
      : 'Lecteurs actifs : comptés par le serveur central ; par EPCI et pour 1 000 habitants : feuille « Lecteurs actifs ».';
  sheet.getCell('A3').font = { italic: true, color: { argb: 'FF555555' } };
  sheet.columns = [{ width: 44 }, { width: 14 }, { width: 16 }, { width: 16 }, { width: 14 }, { width: 18 }];
  const { headerRow, firstRow } = usageLayout;
  const header = sheet.getRow(headerRow);
  header.values = [
    'Plateforme',
    'Utilisations',
    'Coût',
    'Coût par utilisation',
    'Lecteurs actifs',
    'Coût par lecteur actif',
  ];
  styleHeader(header, 6);

  let row = firstRow;
  for (const p of data.platforms) {
    const r = row++;
    sheet.getCell(`A${r}`).value = neutraliseText(p.platform);
    sheet.getCell(`B${r}`).value = p.requests ?? '';
    sheet.getCell(`C${r}`).value = p.costCents === null ? '' : p.costCents / 100;
    sheet.getCell(`D${r}`).value = formula(perCount(`C${r}`, `B${r}`), cached(p.costPerUse));
    sheet.getCell(`E${r}`).value = p.activePatrons ?? '';
    sheet.getCell(`F${r}`).value = formula(perCount(`C${r}`, `E${r}`), cached(p.costPerActivePatron));
  }
  if (data.unmatchedCosts.length > 0) {
    const r = row++;
    sheet.getCell(`A${r}`).value = 'Lignes de coût rattachées à aucune plateforme';
    sheet.getCell(`A${r}`).font = { italic: true };
    for (const c of data.unmatchedCosts) {
      const line = row++;
      sheet.getCell(`A${line}`).value = neutraliseText(`${c.vendor} — ${c.label}`);
      sheet.getCell(`A${line}`).alignment = { indent: 2 };
      sheet.getCell(`C${line}`).value = c.amountCents / 100;
    }
  }
  const last = row - 1;
  // The Département: every cost line of the year; active patrons as the central service counted them
  // (one patron on two platforms counts once), never the sum of the rows above.
  const total = row + 1;
  const d = data.departement;
  const sum = (column: string, value: number) =>
    last >= firstRow ? formula(`SUM(${column}${firstRow}:${column}${last})`, value) : 0;
  sheet.getCell(`A${total}`).value = 'Département (toutes les lignes de coût ; lecteurs distincts)';
  sheet.getCell(`B${total}`).value = sum('B', d.requests);
  sheet.getCell(`C${total}`).value = sum('C', d.costCents / 100);
  sheet.getCell(`D${total}`).value = formula(perCount(`C${total}`, `B${total}`), cached(d.costPerUse));
  sheet.getCell(`E${total}`).value = d.activePatrons ?? '';
  sheet.getCell(`F${total}`).value = formula(
    perCount(`C${total}`, `E${total}`),
    cached(d.costPerActivePatron),
  );
  sheet.getRow(total).font = bold;

  for (let r = firstRow; r <= total; r += 1) {
    for (const column of ['B', 'E']) sheet.getCell(`${column}${r}`).numFmt = formats.integer;
    for (const column of ['C', 'D', 'F']) sheet.getCell(`${column}${r}`).numFmt = formats.euros;
    if (r !== total - 1) for (let c = 1; c <= 6; c += 1) sheet.getRow(r).getCell(c).border = thinBorder;
  }
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  printSetup(sheet, `${headerRow}:${headerRow}`, generatedOnText, 'portrait');
}

/** The Département row's number: after the platforms, the unmatched cost lines and a blank row. */
export function usageTotalRow(data: UsageIndicators): number {
  const unmatched = data.unmatchedCosts.length > 0 ? 1 + data.unmatchedCosts.length : 0;
  return usageLayout.firstRow + data.platforms.length + unmatched + 1;
}
