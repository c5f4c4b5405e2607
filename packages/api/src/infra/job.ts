import type { Deps } from '../deps.js';

/**
 * A timed job every server instance runs (node-cron, scheduled by apps/server). Each must be safe to run on many
 * instances at once: the work it does is guarded in SQL or in atomic Redis scripts, never by "only one runs".
 */
export interface Job {
  name: string;
  /** A node-cron expression (six fields: seconds first). */
  schedule: string;
  run(deps: Deps): Promise<unknown>;
}
