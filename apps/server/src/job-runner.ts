/**
 * Runs the API's timed jobs on this instance. A run still going when the next tick comes is let be (the tick is
 * skipped quietly), and a job whose dependency is down backs off, 1 s doubling up to 30 s, instead of failing every
 * second: one warning when it starts failing, one line when it recovers. The back-off lasts only while the
 * dependency's breaker says it is down: once the breaker has closed (the connection came back, or a call got
 * through), the next tick runs, so admission resumes within a second of Redis returning, however long it was away. `stop` waits for runs in progress, so the
 * server closes PostgreSQL and Redis only after them.
 */
import { dependencyOf, type Dependency, type Deps, type Job } from '@tix/api';
import cron from 'node-cron';
import type { Logger } from 'pino';
import { cronLogger } from './console-log.js';

const maxBackoffMs = 30_000;

export interface JobRunner {
  stop(): Promise<void>;
}

export function runJobs(jobs: Job[], deps: Deps, logger: Logger): JobRunner {
  const running = new Set<Promise<void>>();
  let stopped = false;
  const tasks = jobs.map((job) => {
    let current: Promise<void> | null = null;
    let failures = 0;
    let resumeAt = 0;
    let waitingFor: Dependency | null = null;
    const backingOff = () =>
      Date.now() < resumeAt && waitingFor !== null && deps.breakers[waitingFor]?.state() !== 'closed';
    const once = async () => {
      try {
        await job.run(deps);
        if (failures > 0) logger.info({ job: job.name, failures }, 'job recovered');
        failures = 0;
        waitingFor = null;
      } catch (err) {
        const dependency = dependencyOf(err);
        if (!dependency) {
          logger.error({ err, job: job.name }, 'job failed');
          return;
        }
        failures += 1;
        waitingFor = dependency;
        resumeAt = Date.now() + Math.min(maxBackoffMs, 1000 * 2 ** (failures - 1));
        if (failures === 1) logger.warn({ job: job.name, dependency }, 'job waiting for a dependency');
      }
    };
    return cron.schedule(
      job.schedule,
      () => {
        if (stopped || current || backingOff()) return;
        const run = (current = once().finally(() => {
          current = null;
          running.delete(run);
        }));
        running.add(run);
      },
      { name: job.name, logger: cronLogger(logger) },
    );
  });
  return {
    async stop() {
      stopped = true;
      for (const task of tasks) await task.destroy();
      await Promise.all(running);
    },
  };
}
