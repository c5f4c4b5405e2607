/**
 * Time limits sized to a test's work. Vitest's default limit is the same for one hold and for a thousand, so on a
 * loaded machine the big tests fail first although nothing is wrong. A budget is a fixed allowance plus a generous
 * cost per unit of work (several times what an idle machine needs), so it only runs out when something is stuck.
 * TEST_TIME_SCALE multiplies every budget, for a machine slower than any they were sized on.
 */
const scale = Number(process.env.TEST_TIME_SCALE ?? '1') || 1;

export function timeBudgetMs(work: { units?: number; msEach?: number; fixedMs?: number }): number {
  return Math.round(((work.fixedMs ?? 10_000) + (work.units ?? 0) * (work.msEach ?? 0)) * scale);
}

/**
 * Polls `check` until it holds; fails naming `what` once `timeoutMs` (scaled as above) has passed. For waits on an
 * event with no signal of its own, instead of a fixed sleep that is too short on a busy machine.
 */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs * scale;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`waitUntil: ${what} did not happen within ${timeoutMs * scale} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
