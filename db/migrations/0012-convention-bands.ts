import type { Migration } from './migration.ts';

/**
 * Degressive bands on a stored convention, under the same rules as a scenario's: `bands` holds the grid
 * as JSON (`[{ "upTo": 10000, "rateE4": 3000 }, { "upTo": null, "rateE4": 2000 }]`, the first band at the
 * convention's `rate_e4`, thresholds increasing, the last one open), checked by shared/domain/contributions
 * `bands.ts` before it is written; null (every existing convention) is one rate for every inhabitant.
 * Additive: a PC still at version 11 reads the rows it knows.
 */
export const migration: Migration = {
  version: 12,
  name: 'convention-bands',
  up(db) {
    db.exec(`
      ALTER TABLE convention ADD COLUMN bands TEXT DEFAULT NULL
        CHECK (bands IS NULL OR (json_valid(bands) AND json_type(bands) = 'array'));
    `);
  },
};
