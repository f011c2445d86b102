import { newWorkbook } from '../excel.ts';
import { activePatronsTitle, writeActivePatronsSheet } from './active-patrons-sheet.ts';
import { frenchDate, parisWallClock, printSetup } from './cells.ts';
import { writeComparison } from './financing-comparison.ts';
import { writeEpciSheet } from './financing-epci-sheet.ts';
import {
  bandCells,
  epciCells,
  type FinancingWorkbookInput,
  maxScenarios,
  sheetTitles,
} from './financing-layout.ts';
import { writeSources } from './financing-sources.ts';
import { writeSynthesis } from './financing-synthesis.ts';
import { writeSensitivitySheet } from './sensitivity-sheet.ts';
import { SheetNames } from './sheet-names.ts';
import { usageTitle, writeUsageSheet } from './usage-sheet.ts';

/**
 * « Rapport de financement <année> »: a workbook a negotiator can trust and play with (DESIGN.md §6).
 * Every amount is a live formula over visible inputs with the engine's figure cached; the formulas are
 * written so Excel or LibreOffice recalculates exactly the engine's cents (amount-computation.ts).
 */
export async function writeFinancingWorkbook(input: FinancingWorkbookInput): Promise<Buffer> {
  const { year, scenarios } = input;
  const current = scenarios[0];
  if (!current) throw new RangeError('A financing workbook needs at least the current situation.');
  if (scenarios.length > maxScenarios) {
    throw new RangeError(`At most ${maxScenarios} situations side by side (got ${scenarios.length}).`);
  }
  for (const result of scenarios) {
    if (result.year !== year) throw new RangeError(`Result for ${result.year} in a ${year} workbook.`);
  }

  const generatedOn = parisWallClock(input.generatedAt);
  const generatedOnText = frenchDate(generatedOn);
  const workbook = await newWorkbook();
  workbook.creator = input.generatedBy;
  workbook.created = input.generatedAt;
  workbook.title = `Rapport de financement ${year}`;
  // Excel recomputes on opening; the cached values serve viewers that do not.
  workbook.calcProperties = { fullCalcOnLoad: true };

  const names = new SheetNames();
  const synthesis = workbook.addWorksheet(names.reserve(sheetTitles.synthesis));
  const comparison = workbook.addWorksheet(names.reserve(sheetTitles.comparison));
  const sensitivity = workbook.addWorksheet(names.reserve(sheetTitles.sensitivity));
  const sources = workbook.addWorksheet(names.reserve(sheetTitles.sources));
  const activity = input.activePatrons ? workbook.addWorksheet(names.reserve(activePatronsTitle)) : undefined;
  const usage = input.usage ? workbook.addWorksheet(names.reserve(usageTitle)) : undefined;
  const lineSheets = current.lines.map((line) => {
    const name = names.unique(line.name);
    writeEpciSheet(workbook.addWorksheet(name), line, input, generatedOnText);
    return { line, name };
  });
  // A scenario's convention with degressive bands gets its own sheet, so its bands are live inputs too.
  const bandSheets = scenarios.slice(1).flatMap((result, offset) =>
    result.lines
      .filter((line) => line.source === 'scenario' && line.bands && line.bands.length > 0)
      .map((line) => {
        const suffix = ` - scénario ${offset + 1}`;
        const name = names.unique(`${line.name.slice(0, 31 - suffix.length).trimEnd()}${suffix}`);
        writeEpciSheet(workbook.addWorksheet(name), line, input, generatedOnText);
        return { line, name, situation: offset + 1 };
      }),
  );

  writeSynthesis(synthesis, lineSheets, current, input, generatedOnText);
  writeComparison(comparison, lineSheets, bandSheets, input, generatedOnText);
  writeSensitivitySheet(sensitivity, lineSheets, { ...epciCells, band: bandCells }, year);
  printSetup(sensitivity, '1:2', generatedOnText);
  writeSources(sources, [...lineSheets, ...bandSheets], input, generatedOn, generatedOnText);
  if (activity && input.activePatrons)
    writeActivePatronsSheet(activity, input.activePatrons, generatedOnText);
  if (usage && input.usage) writeUsageSheet(usage, input.usage, generatedOnText);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
