/**
 * Demo data for a first run: a few concerts on an empty database (one on sale now, one whose waiting room is open
 * before its sale, two with Korean titles) and a buyer with money in the wallet, so a newcomer sees a working sale at once.
 */
import { createConcert, createUser, fundWallets, type Deps } from '@tix/api';
import { sql } from 'kysely';

export const demoBuyer = { username: 'demo', password: 'demo-pass-123' };

const day = 24 * 60 * 60 * 1000;

/** Any fixed number: the advisory lock that lets one of several servers starting together seed, and the rest see it. */
const seedLock = 7_245_001;

/** Seeds an empty database once, however many servers start at the same moment. */
export async function seedDemoData(deps: Deps): Promise<boolean> {
  return deps.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${seedLock})`.execute(conn);
    try {
      return await seedEmptyDatabase({ ...deps, db: conn });
    } finally {
      await sql`SELECT pg_advisory_unlock(${seedLock})`.execute(conn);
    }
  });
}

async function seedEmptyDatabase(deps: Deps): Promise<boolean> {
  const any = await deps.db.selectFrom('concerts').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  const now = deps.clock.now().getTime();
  const at = (ms: number) => new Date(now + ms);

  await createConcert(deps, {
    title: 'Aurora Live in Seoul',
    venue: 'Olympic Hall',
    city: 'Seoul',
    category: 'pop',
    performers: ['Aurora', 'Sigrid'],
    description: 'The sold-out-in-minutes tour, two nights only.',
    saleOpensAt: at(-60_000),
    maxActive: 20,
    admitPerSecond: 2,
    performances: [{ startsAt: at(30 * day) }, { startsAt: at(31 * day) }],
  });
  await createConcert(deps, {
    title: 'Midnight Orchestra',
    venue: 'Lotte Concert Hall',
    city: 'Seoul',
    category: 'classical',
    performers: ['Seoul Philharmonic Orchestra', 'Chung Myung-whun'],
    description: 'Film scores under the stars.',
    saleOpensAt: at(-60_000),
    performances: [{ startsAt: at(45 * day) }],
  });
  await createConcert(deps, {
    title: 'Neon Waves Festival',
    venue: 'Jamsil Stadium',
    city: 'Seoul',
    category: 'festival',
    performers: ['Zedd', 'Peggy Gou', 'Björk'],
    description:
      'The waiting room is open; the sale starts in ten minutes and early arrivals are shuffled fairly.',
    queueOpensAt: at(-60_000),
    saleOpensAt: at(10 * 60_000),
    maxActive: 50,
    admitPerSecond: 5,
    performances: [60, 61, 62].map((d) => ({
      startsAt: at(d * day),
      venue: { template: 'stadium' as const },
    })),
  });
  // Korean titles, so search in Hangul has something to find from the first run.
  await createConcert(deps, {
    title: '아이유 콘서트 골든 아워',
    venue: 'KSPO Dome',
    city: 'Seoul',
    category: 'k-pop',
    performers: ['아이유', 'IU'],
    description: '골든 아워: 오렌지 태양 아래. The sale opens in three days.',
    saleOpensAt: at(3 * day),
    performances: [{ startsAt: at(75 * day) }, { startsAt: at(76 * day) }],
  });
  await createConcert(deps, {
    title: '부산 재즈 페스티벌',
    venue: '영화의전당',
    city: 'Busan',
    category: 'jazz',
    performers: ['Moonlight Trio', '나윤선'],
    description: 'An evening of jazz by the sea.',
    saleOpensAt: at(-60_000),
    performances: [{ startsAt: at(50 * day) }],
  });

  const buyer = await createUser(deps, demoBuyer);
  await fundWallets(deps.db, [buyer.id], 500_000, 'demo', deps.clock.now());
  return true;
}
