import { migration as referenceData } from './0001-reference-data.ts';
import { migration as collectivities } from './0002-collectivities.ts';
import { migration as patrons } from './0003-patrons.ts';
import { migration as serviceCost } from './0004-service-cost.ts';
import { migration as sync } from './0005-sync.ts';
import { migration as patronChanges } from './0006-patron-changes.ts';
import { migration as patronSearchPending } from './0007-patron-search-pending.ts';
import { migration as readOnlyAccount } from './0008-read-only-account.ts';
import { migration as snapshotProgress } from './0009-snapshot-progress.ts';
import { migration as communeAliases } from './0010-commune-aliases.ts';
import { migration as scenarios } from './0011-scenarios.ts';
import { migration as conventionBands } from './0012-convention-bands.ts';
import { migration as accessActivity } from './0013-access-activity.ts';
import { migration as usage } from './0014-usage.ts';
import { migration as usageSushi } from './0015-usage-sushi.ts';
import { migration as patronSearchOrder } from './0016-patron-search-order.ts';
import { migration as patronLibraryName } from './0017-patron-library-name.ts';
import { migration as patronLibraryNumbers } from './0018-patron-library-numbers.ts';
import { migration as deferredIndex } from './0019-deferred-index.ts';
import { migration as importFingerprint } from './0020-import-fingerprint.ts';
import type { Migration } from './migration.ts';

export const migrations: readonly Migration[] = [
  referenceData,
  collectivities,
  patrons,
  serviceCost,
  sync,
  patronChanges,
  patronSearchPending,
  readOnlyAccount,
  snapshotProgress,
  communeAliases,
  scenarios,
  conventionBands,
  accessActivity,
  usage,
  usageSushi,
  patronSearchOrder,
  patronLibraryName,
  patronLibraryNumbers,
  deferredIndex,
  importFingerprint,
];
