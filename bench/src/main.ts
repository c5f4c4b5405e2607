/**
 * `pnpm bench`: creates its own database and Redis prefix, starts N product servers and N bare-HTTP baseline
 * servers, runs the scenarios, prints a summary, and writes bench/results/<timestamp>.{json,md} (and bench/REPORT.md
 * when every scenario ran). See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { helpText, parseFlags } from './cli.js';
import { signInAdmin } from './env/admin.js';
import { createBackends, type Backends } from './env/backends.js';
import { buildServers } from './env/build.js';
import { describeMachine } from './env/machine.js';
import { startBareServers, startProductServers, stopAll, type Proc } from './env/servers.js';
import { TargetSet } from './load/http.js';
import {
  figureHead,
  figureRows,
  renderMarkdown,
  targetHead,
  targetRows,
  type RunReport,
} from './report/markdown.js';
import { writeFlameGraph } from './report/flame-graph.js';
import { findProfiledRuns } from './report/profile-links.js';
import { summarizeProfiles } from './report/profile-summary.js';
import { textTable } from './report/tables.js';
import { scenarios } from './scenarios/index.js';
import type { BenchContext, ScenarioResult } from './scenarios/types.js';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const log = (message: string) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), scenarios);
  if (flags.help) {
    process.stdout.write(`${helpText(scenarios)}\n`);
    return 0;
  }
  const only = String(flags.only).split(',').filter(Boolean);
  const unknown = only.filter((n) => !scenarios.some((s) => s.name === n));
  if (unknown.length)
    throw new Error(
      `unknown scenario(s): ${unknown.join(', ')}; have ${scenarios.map((s) => s.name).join(', ')}`,
    );
  const selected = only.length ? scenarios.filter((s) => only.includes(s.name)) : scenarios;
  const serverCount = Math.max(1, Number(flags.servers));
  const stamp = new Date(started)
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  // pnpm runs the script in bench/; a relative --out means relative to where pnpm was invoked.
  const outDir = flags.out
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), String(flags.out))
    : path.join(benchDir, 'results');

  let backends: Backends | null = null;
  const procs: Proc[] = [];
  const cleanup = async () => {
    await stopAll(procs).catch(() => {});
    await backends?.close().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  };
  process.once('SIGINT', () => {
    log('interrupted: cleaning up');
    void cleanup().then(() => process.exit(130));
  });

  try {
    backends = await createBackends({
      pgAdminUrl: String(flags['pg-url']),
      redisUrl: String(flags['redis-url']),
      poolSize: Number(flags['bench-pool']),
      keep: Boolean(flags.keep),
    });
    log(`database ${backends.databaseName}, redis prefix ${backends.redisPrefix}`);
    const machine = await describeMachine(backends.pool, backends.redis, String(flags.node) || undefined);
    const sessionSecret = randomBytes(32).toString('base64url');
    const adminUser = { username: 'bench_admin', password: randomBytes(12).toString('base64url') };
    const built = await buildServers();
    log(`built ${path.relative(benchDir, built.product)} and ${path.relative(benchDir, built.bare)}`);
    log(`starting ${serverCount} product servers and ${serverCount} bare-HTTP baseline servers`);
    const productEnv = {
      databaseUrl: backends.databaseUrl,
      redisUrl: backends.redisUrl,
      redisPrefix: backends.redisPrefix,
      sessionSecret,
      admin: adminUser,
      poolSize: Number(flags['server-pool']),
      catalogTtlSeconds: Number(flags['catalog-ttl']),
      cpuProfDir: flags['cpu-prof'] ? path.join(outDir, `profiles-${stamp}`) : undefined,
      node: String(flags.node) || undefined,
    };
    procs.push(...(await startProductServers(serverCount, productEnv, built)));
    const productProcs = [...procs];
    procs.push(...(await startBareServers(serverCount, built, String(flags.node) || undefined)));
    const bareProcs = procs.slice(serverCount);
    const targetsOf = (started: Proc[]) =>
      new TargetSet(
        started.map((p) => p.url),
        512,
        started.map((p) => p.child.pid!),
      );
    const product = targetsOf(productProcs);
    const bare = targetsOf(bareProcs);
    const startServers = async (node: string | undefined, count: number, vars?: Record<string, string>) => {
      const more = [
        ...(await startProductServers(count, { ...productEnv, cpuProfDir: undefined, node, vars }, built)),
        ...(await startBareServers(count, built, node)),
      ];
      procs.push(...more);
      const [moreProduct, moreBare] = [targetsOf(more.slice(0, count)), targetsOf(more.slice(count))];
      return {
        product: moreProduct,
        bare: moreBare,
        productOutput: () => more.slice(0, count).map((p) => [...p.output]),
        async stop() {
          moreProduct.close();
          moreBare.close();
          await stopAll(more);
        },
      };
    };
    const admin = await signInAdmin(productProcs[0]!.url, adminUser.username, adminUser.password);

    const results: ScenarioResult[] = [];
    const failures: RunReport['failures'] = [];
    for (const scenario of selected) {
      const productPids = productProcs.map((p) => p.child.pid!);
      const ctx: BenchContext = {
        backends,
        product,
        bare,
        serverCount,
        productPids,
        admin,
        startServers,
        sessionSecret,
        flags,
        log,
      };
      log(`scenario ${scenario.name}`);
      try {
        results.push(await scenario.run(ctx));
      } catch (err) {
        log(
          `scenario ${scenario.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        failures.push({ name: scenario.name, error: err instanceof Error ? err.message : String(err) });
      }
    }
    product.close();
    bare.close();
    // Profiles are written when the servers exit, so stop them before reading the profiles for the report.
    await stopAll(procs);
    const profileDir = flags['cpu-prof'] ? path.join(outDir, `profiles-${stamp}`) : null;
    const skipMs = Math.max(...productProcs.map((p) => p.startupMs)) + 1000;
    mkdirSync(outDir, { recursive: true });
    const flameGraph = `${stamp}-flame.svg`;
    if (profileDir) {
      writeFlameGraph(profileDir, path.join(outDir, flameGraph), {
        skipMs,
        title: `tix servers, ${selected.map((s) => s.name).join(', ')}`,
      });
    }

    const report: RunReport = {
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      command: `pnpm bench ${process.argv
        .slice(2)
        .filter((a) => a !== '--')
        .join(' ')}`.trim(),
      servers: serverCount,
      machine,
      scenarios: results,
      failures,
      profiledRuns: findProfiledRuns(path.join(benchDir, 'results')),
      profile: profileDir
        ? { dir: profileDir, flameGraph, ...summarizeProfiles(profileDir, { skipMs }) }
        : undefined,
    };
    const markdown = renderMarkdown(report, '');
    writeFileSync(path.join(outDir, `${stamp}.json`), `${JSON.stringify({ ...report, flags }, null, 2)}\n`);
    writeFileSync(path.join(outDir, `${stamp}.md`), markdown);
    // REPORT.md is the latest full run; a run of a few scenarios only writes its own files.
    if (!only.length && !flags.out)
      writeFileSync(path.join(benchDir, 'REPORT.md'), renderMarkdown(report, 'results/'));
    process.stdout.write(`\nTargets\n${textTable(targetHead, targetRows(report))}\n\n`);
    process.stdout.write(`Key figures\n${textTable(figureHead, figureRows(report))}\n\n`);
    process.stdout.write(`Report: ${path.join(outDir, `${stamp}.md`)}\n`);
    return failures.length ? 1 : 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
