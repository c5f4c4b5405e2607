/**
 * What `/readyz` says: each dependency probed at once, in parallel, each within a budget, so the answer comes
 * within a second even when a dependency is silent (a probe that has not answered counts as down).
 */
import type { Deps } from '../deps.js';

export type DependencyStatus = 'up' | 'down';

export interface Readiness {
  ok: boolean;
  database: DependencyStatus;
  /** Absent without Redis (the embedded default). */
  redis?: DependencyStatus;
}

async function probe(check: () => Promise<unknown>, budgetMs: number): Promise<DependencyStatus> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<DependencyStatus>((resolve) => {
    timer = setTimeout(() => resolve('down'), budgetMs);
  });
  try {
    return await Promise.race([
      check().then(
        (): DependencyStatus => 'up',
        (): DependencyStatus => 'down',
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(deps: Pick<Deps, 'db' | 'redis'>, budgetMs = 800): Promise<Readiness> {
  const { redis } = deps;
  const [database, redisStatus] = await Promise.all([
    probe(() => deps.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute(), budgetMs),
    redis ? probe(() => redis.ping(), budgetMs) : Promise.resolve(undefined),
  ]);
  return {
    ok: database === 'up' && redisStatus !== 'down',
    database,
    ...(redisStatus && { redis: redisStatus }),
  };
}
