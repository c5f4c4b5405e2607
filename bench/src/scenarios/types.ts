/** What every scenario receives and returns. */
import type { Backends } from '../env/backends.js';
import type { AdminApi } from '../env/admin.js';
import type { TargetSet } from '../load/http.js';
import type { Measurement } from '../load/stats.js';

export interface BenchContext {
  backends: Backends;
  /** The product servers (N processes) and the bare-HTTP baseline servers (as many). */
  product: TargetSet;
  bare: TargetSet;
  serverCount: number;
  /** Process ids of the product servers, for the CPU they spend on a scenario (env/process-cpu.ts). */
  productPids: number[];
  admin: AdminApi;
  /**
   * Starts `count` more product servers and as many bare-HTTP baseline servers on another node binary (the bench's
   * own when absent), on the run's database and Redis, with `vars` added to the product servers' environment; the
   * caller stops them.
   */
  startServers(node: string | undefined, count: number, vars?: Record<string, string>): Promise<ExtraServers>;
  sessionSecret: string;
  /** Flags of this scenario, already parsed to numbers/strings. */
  flags: Record<string, string | number | boolean>;
  log(message: string): void;
}

export interface ExtraServers {
  product: TargetSet;
  bare: TargetSet;
  /** The last lines each product server wrote (stdout and stderr), in `product`'s order. */
  productOutput(): string[][];
  stop(): Promise<void>;
}

export interface Target {
  name: string;
  goal: string;
  actual: string;
  /** null: a figure the issue asks to report, with no pass/fail. */
  met: boolean | null;
  /** What limits it, when missed (or a caveat when met). */
  note?: string;
}

export interface Table {
  title: string;
  head: string[];
  rows: (string | number)[][];
}

export interface ScenarioResult {
  name: string;
  title: string;
  params: Record<string, string | number | boolean>;
  measurements: Measurement[];
  /** Headline figures shown in the summary (time to sell out, oversold seats, ...). */
  facts: Record<string, string | number | boolean | null>;
  targets: Target[];
  tables: Table[];
  /** Extra bar charts (label → value), e.g. successful holds per second beside attempts. */
  charts?: { title: string; unit: string; rows: { label: string; value: number }[] }[];
  notes: string[];
}

export interface Scenario {
  name: string;
  title: string;
  /** Flag name → [default, help]. Flags are passed as --name value. */
  flags: Record<string, [number | string | boolean, string]>;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** Helper: a number flag. */
export function num(ctx: BenchContext, name: string): number {
  return Number(ctx.flags[name]);
}
