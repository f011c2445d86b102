import { schemaVersion } from '../../db/migrate.ts';
import { listReferenceImports } from '../../db/queries/reference.ts';
import { departementTitle } from '../../db/reference/departements.ts';
import type { Handlers } from '../../shared/contract.ts';
import { inForceYear } from '../../shared/domain/epci.ts';
import { accessHandlers } from './access-handlers.ts';
import { auditHandlers } from './audit-handlers.ts';
import { backupHandlers } from './backup/backup-handlers.ts';
import { bnrHandlers } from './bnr-handlers.ts';
import type { AppContext } from './context.ts';
import { contributionHandlers } from './contribution-handlers.ts';
import { conventionHandlers } from './convention-handlers.ts';
import { conventionListHandlers } from './convention-list-handlers.ts';
import { costHandlers } from './cost-handlers.ts';
import { desktopHandlers } from './desktop-handlers.ts';
import { eligibilityHandlers } from './eligibility-handlers.ts';
import { epciHandlers } from './epci-handlers.ts';
import { importBatchHandlers } from './import-batch-handlers.ts';
import { importHandlers } from './import-handlers.ts';
import { libraryHandlers } from './library-handlers.ts';
import { millesimeHandlers } from './millesime-handlers.ts';
import { appName } from './paths.ts';
import { patronHandlers } from './patron-handlers.ts';
import { currentMillesime } from './reference.ts';
import { retentionHandlers } from './retention-handlers.ts';
import { scenarioHandlers } from './scenario-handlers.ts';
import { settingsHandlers } from './settings-handlers.ts';
import { syncHandlers } from './sync-handlers.ts';
import { sushiHandlers } from './usage/sushi-handlers.ts';
import { usageHandlers } from './usage-handlers.ts';
import { usageIndicatorsHandlers } from './usage-indicators-handlers.ts';

/** The application, as one function per contract method, grouped by subject. Doors call these through `dispatch`. */
export function createHandlers(context: AppContext): Handlers {
  const { db, path: databasePath, sqlite } = context.database;
  const { departement } = context;

  // The workbook's « Usages » sheet reads the usage indicators, themselves composed over contributions.
  const contributions = contributionHandlers(context, (year) =>
    usageIndicators['indicators.usage']({ year }),
  );
  const costs = costHandlers(context, contributions['contributions.compute']);
  const usage = usageHandlers(context);
  const usageIndicators = usageIndicatorsHandlers(context, { ...usage, ...costs });
  const settings = settingsHandlers(context);
  const epci = epciHandlers(context);
  const libraries = libraryHandlers(context);
  const eligibility = eligibilityHandlers(context);
  return {
    async 'app.info'() {
      const imports = await listReferenceImports(db, departement);
      return {
        name: appName,
        version: context.version,
        departement,
        departementTitle: departementTitle(departement),
        databasePath,
        schemaVersion: schemaVersion(sqlite),
        currentMillesime: await currentMillesime(db, departement),
        referenceData: imports.map((row) => ({
          source: row.source,
          kind: row.kind,
          millesime: row.millesime,
          importedAt: row.importedAt,
          inForceYear: inForceYear(row.millesime),
        })),
      };
    },

    async 'work.progress'() {
      return context.work.list();
    },

    ...settings,
    ...epci,
    ...conventionHandlers(context),
    ...conventionListHandlers(context),
    ...contributions,
    ...costs,
    ...libraries,
    ...millesimeHandlers(context),
    ...importHandlers(context),
    ...importBatchHandlers(context),
    ...patronHandlers(context),
    ...retentionHandlers(context),
    ...scenarioHandlers(context),
    ...auditHandlers(context),
    ...syncHandlers(context),
    ...backupHandlers(context),
    ...desktopHandlers(context),
    ...eligibility,
    ...accessHandlers(context),
    ...usage,
    ...usageIndicators,
    ...sushiHandlers(context),
    ...bnrHandlers(context, {
      ...contributions,
      ...costs,
      ...usage,
      ...usageIndicators,
      ...libraries,
      ...epci,
      ...eligibility,
      ...settings,
    }),
  };
}
