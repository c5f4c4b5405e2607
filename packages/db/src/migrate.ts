import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import * as initial from './migrations/2026-11-24-0001-initial.js';
import * as canonicalUsernames from './migrations/2026-12-02-0001-canonical-usernames.js';
import * as seatVersions from './migrations/2026-12-02-0002-seat-versions.js';
import * as venueLayouts from './migrations/2026-12-02-0100-venue-layouts.js';
import * as queueTurns from './migrations/2026-12-02-0300-queue-turns.js';
import * as concertSearch from './migrations/2026-12-02-0500-concert-search.js';
import * as outbox from './migrations/2026-12-02-0600-outbox-and-webhooks.js';
import * as concertCancel from './migrations/2026-12-02-1000-concert-cancel-and-timeline.js';
import * as searchVocabulary from './migrations/2026-12-02-1200-search-vocabulary.js';
import * as performancesStartsAt from './migrations/2026-12-03-0100-performances-starts-at.js';
import * as searchWordsColumn from './migrations/2026-12-03-0101-search-words-column.js';
import * as queueTurnsRecentEnds from './migrations/2026-12-04-0100-queue-turns-recent-ends.js';

// Listed explicitly (not read from disk) so the server and tests migrate the same way wherever they run from.
const migrations: Record<string, Migration> = {
  '2026-11-24-0001-initial': initial,
  '2026-12-02-0001-canonical-usernames': canonicalUsernames,
  '2026-12-02-0002-seat-versions': seatVersions,
  '2026-12-02-0100-venue-layouts': venueLayouts,
  '2026-12-02-0300-queue-turns': queueTurns,
  '2026-12-02-0500-concert-search': concertSearch,
  '2026-12-02-0600-outbox-and-webhooks': outbox,
  '2026-12-02-1000-concert-cancel-and-timeline': concertCancel,
  '2026-12-02-1200-search-vocabulary': searchVocabulary,
  '2026-12-03-0100-performances-starts-at': performancesStartsAt,
  '2026-12-03-0101-search-words-column': searchWordsColumn,
  '2026-12-04-0100-queue-turns-recent-ends': queueTurnsRecentEnds,
};

/** Brings the database to the latest schema; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  // Unordered: migrations written side by side land in any order, so a database that already ran a later-named one
  // must still take an earlier-named one that arrived after it (each is independent of the others of its day).
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
}

/** Brings the database to one named migration (tests of a migration start from the schema before it). */
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  // Unordered: migrations written side by side land in any order, so a database that already ran a later-named one
  // must still take an earlier-named one that arrived after it (each is independent of the others of its day).
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
}
