/**
 * The search scenario's catalog, seeded straight into PostgreSQL by one `INSERT … SELECT generate_series` (issue 15).
 * Names are drawn from a large made-up vocabulary, so a title query matches tens of concerts, not thousands:
 * - 80,000 artists, each a given name (2 of 40 syllables: 1,600) and a family name (3 syllables: 64,000); one in ten
 *   has a Korean name instead (3 of 30 Hangul syllables: 27,000). An artist headlines about 12 of 1,000,000
 *   concerts and is the guest of about as many more.
 * - A title is the headliner's name and a phrase (30 adjectives × 30 nouns: "Golden Hour", "Midnight Tour").
 * - A venue is a family name and a kind ("Venmitor Arena"); 60 cities; the nine searchable categories.
 * Names are digits of a hash of the artist number, so neighbours are not alike, and a handful of names in the
 * vocabulary are within a typo of any other, as in a real catalog.
 * Every seeded concert is over (its one performance ended about a year ago), as most of a large catalog is: their
 * waiting rooms are closed, so the servers' admission job and sale sampler (which visit every concert with a
 * performance ahead, each second) are not turned into a million Redis calls a tick during the measurement.
 */
import type { PoolClient } from 'pg';
import { round } from '../load/stats.js';

const latin = words(`
  ka lo mi ra ven tor sel an bri dun el fio gar hol ix jor kel lun mar nov or pel quin ros sta tam ul
  vi wen zar bel cor da fen go har is ju ny pa
`);
const hangul = words(`
  가 나 다 라 마 바 사 아 자 하 서 윤 민 지 현 수 영 진 은 혜 준 호 성 태 희 경 소 연 우 유
`);
const adjectives = words(`
  Golden Midnight Electric Silver Endless Wild Velvet Neon Crystal Silent Burning Blue Scarlet Hidden
  Lonely Eternal Northern Summer Winter Broken Sacred Cosmic Gentle Restless Paper Diamond Ocean Urban
  Secret Final
`);
const nouns = words(`
  Hour Tour Dreams Nights Live Session Hearts Stories Waves Lights Echoes Roads Skies Voices Seasons
  Encore Symphony Unplugged Anniversary Rhapsody Horizons Fever Garden Memories Parade Sessions
  Ballads Festival Journey Showcase
`);
const kinds = ['Hall', 'Arena', 'Dome', 'Theatre', 'Club', 'Center', 'Stadium', 'Live House'];
const cities = `
  Seoul, Busan, Incheon, Daegu, Daejeon, Gwangju, Ulsan, Suwon, Jeonju, Jeju, Tokyo, Osaka, Nagoya,
  Fukuoka, Sapporo, Taipei, Hong Kong, Singapore, Bangkok, Manila, Jakarta, Sydney, Melbourne,
  Auckland, London, Manchester, Dublin, Paris, Lyon, Berlin, Munich, Hamburg, Vienna, Zürich,
  Amsterdam, Brussels, Madrid, Barcelona, Lisbon, Rome, Milan, Prague, Warsaw, Stockholm, Oslo,
  Copenhagen, Helsinki, Reykjavík, New York, Los Angeles, Chicago, Toronto, Montréal, Mexico City,
  São Paulo, Buenos Aires, Bogotá, Cape Town, Istanbul, Dubai
`
  .trim()
  .split(/,\s+/);
const categories = [
  'pop',
  'k-pop',
  'rock',
  'hip-hop',
  'jazz',
  'classical',
  'electronic',
  'musical',
  'festival',
];
const artists = 80_000;

/** Whitespace-separated words. */
function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

function textArray(values: string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;
}

/** SQL for artist `a`'s name (a bigint expression): hash it, then read syllables off the hash's digits. */
function artistName(a: string): string {
  const h = `((${a}) * 2654435761 % 4294967296)`;
  const l = latin.length;
  const k = hangul.length;
  const digit = (base: number, place: number) => `1 + (${h} / ${base ** place}) % ${base}`;
  return `(CASE WHEN (${a}) % 10 = 0
      THEN hangul[${digit(k, 0)}] || hangul[${digit(k, 1)}] || hangul[${digit(k, 2)}]
      ELSE initcap(latin[${digit(l, 0)}] || latin[${digit(l, 1)}]) || ' '
        || initcap(latin[${digit(l, 2)}] || latin[${digit(l, 3)}] || latin[${digit(l, 4)}]) END)`;
}

/** A venue's name word for concert `i`: a family-name-like word of three syllables. */
function venueName(i: string): string {
  const h = `((${i})::bigint * 40503 % 4294967296)`;
  const l = latin.length;
  return `initcap(latin[1 + ${h} % ${l}] || latin[1 + (${h} / ${l}) % ${l}] || latin[1 + (${h} / ${l * l}) % ${l}])`;
}

/** Seeds `concerts` concerts (one performance each, marked `bench-search`); the seconds each step took. */
export async function seedSearchCatalog(
  client: PoolClient,
  concerts: number,
  log: (message: string) => void,
): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const step = async (name: string, text: string) => {
    const started = performance.now();
    await client.query(text);
    seconds[name] = round((performance.now() - started) / 1000, 1);
    log(`search: ${name} in ${seconds[name]} s`);
  };
  await client.query(`SET maintenance_work_mem = '256MB'`);
  // Built once after the rows are in: faster than growing it row by row.
  await client.query('DROP INDEX IF EXISTS concerts_search_words_gin');
  await step(
    'seed concerts',
    `WITH w AS (SELECT ${textArray(latin)} latin, ${textArray(hangul)} hangul, ${textArray(adjectives)} adjectives,
       ${textArray(nouns)} nouns, ${textArray(kinds)} kinds, ${textArray(cities)} cities,
       ${textArray(categories)} categories),
     n AS (SELECT i, ${artistName(`i::bigint * 7919 % ${artists}`)} headliner,
       ${artistName(`i::bigint * 104729 % ${artists}`)} guest FROM w, generate_series(0, ${concerts - 1}) AS i)
     INSERT INTO concerts (title, venue, city, category, performers, description, queue_opens_at, sale_opens_at,
       max_active, admit_per_second, active_ttl_seconds, hold_seconds, max_seats_per_order, refund_cutoff_seconds)
     SELECT headliner || ' ' || adjectives[1 + (i::bigint * 31 % 997) % ${adjectives.length}] || ' '
         || nouns[1 + (i::bigint * 17 % 991) % ${nouns.length}],
       ${venueName('i')} || ' ' || kinds[1 + i % ${kinds.length}], cities[1 + (i / 7) % ${cities.length}],
       categories[1 + (i / 3) % ${categories.length}], ARRAY[headliner, guest], 'bench-search',
       now() - interval '400 days' + i * interval '1 second', now() - interval '400 days' + i * interval '1 second',
       100, 10, 600, 300, 4, 86400
     FROM w, n`,
  );
  // The rows are consistent by construction: skip the per-row foreign key checks (replica mode) for this one.
  await client.query('SET session_replication_role = replica');
  try {
    await step(
      'seed performances',
      // One shared layout row: search never reads it, but every performance must name one.
      `WITH layout AS (
         INSERT INTO venue_layouts (content_hash, name, width, height, seats_total, places_total, sections)
         VALUES ('bench-search-' || gen_random_uuid(), 'Bench hall', 100, 100, 100, 100, '[]'::jsonb)
         RETURNING id)
       INSERT INTO performances (concert_id, starts_at, seats_total, layout_id)
       SELECT c.id, c.sale_opens_at + interval '60 days', 100, layout.id FROM concerts c, layout
       WHERE c.description = 'bench-search'`,
    );
  } finally {
    await client.query('RESET session_replication_role');
  }
  await step(
    'build word index',
    'CREATE INDEX concerts_search_words_gin ON concerts USING gin (search_words)',
  );
  await step('analyze', 'ANALYZE concerts, performances, search_vocabulary');
  return seconds;
}

/** What a person types for one seeded concert's title: its headliner and the first word of its phrase. */
export async function titleQuery(client: PoolClient, concerts: number): Promise<string> {
  const { rows } = await client.query<{ headliner: string; title: string }>(
    `SELECT performers[1] headliner, title FROM concerts WHERE description = 'bench-search' OFFSET $1 LIMIT 1`,
    [424_242 % concerts],
  );
  const { headliner, title } = rows[0]!;
  return `${headliner} ${title
    .slice(headliner.length + 1)
    .split(' ')[0]!
    .toLowerCase()}`;
}
