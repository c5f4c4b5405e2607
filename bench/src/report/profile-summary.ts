/**
 * Summarises V8 .cpuprofile files (from --cpu-prof) into where the time went: self time by package and by function.
 * `tsx src/report/profile-summary.ts <folder> [skip-ms]` prints it; the bench calls it after a --cpu-prof run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  hitCount?: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const runtime = new Set(['node core', '(native / idle / gc)']);

function packageOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const pnpm = /node_modules\/\.pnpm\/([^/]+)\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm) return pnpm[2]!;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node core';
  const ws = /\/(packages|apps|bench)\/([^/]+)\//.exec(url);
  return ws ? `@tix/${ws[2]}` : url;
}

export interface ProfileSummary {
  totalMs: number;
  /** Busy time by the package that asked for it: Node's own frames count for the nearest package above them. */
  byPackage: { name: string; pct: number }[];
  byFunction: { name: string; pct: number }[];
}

/**
 * Self time per sample, leaving out the first `skipMs` of each process (start-up: module loading, migrations) and
 * idle time, so the shares are of the work done under load.
 */
export function summarizeProfiles(
  dir: string,
  options: { skipMs?: number; top?: number } = {},
): ProfileSummary {
  const top = options.top ?? 15;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const owners = new Map<number, string>();
    const ownerOf = (id: number): string => {
      const known = owners.get(id);
      if (known) return known;
      const pkg = packageOf(byId.get(id)!.callFrame.url);
      const up = parent.get(id);
      const owner = runtime.has(pkg) && up !== undefined ? ownerOf(up) : pkg;
      owners.set(id, owner);
      return owner;
    };
    let t = profile.startTime;
    const from = profile.startTime + (options.skipMs ?? 0) * 1000;
    profile.samples.forEach((id, i) => {
      const dt = profile.timeDeltas[i] ?? 0;
      t += dt;
      const node = byId.get(id);
      if (!node || t < from || node.callFrame.functionName === '(idle)') return;
      const ms = dt / 1000;
      total += ms;
      const owner = ownerOf(id);
      byPackage.set(owner, (byPackage.get(owner) ?? 0) + ms);
      const { functionName, url, lineNumber } = node.callFrame;
      const fn = `${functionName || '(anonymous)'} ${packageOf(url)}${url ? `:${lineNumber + 1}` : ''}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    });
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, pct: Math.round((ms / total) * 1000) / 10 }));
  return { totalMs: Math.round(total), byPackage: rank(byPackage), byFunction: rank(byFunction) };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const summary = summarizeProfiles(process.argv[2] ?? '.', { skipMs: Number(process.argv[3] ?? 0) });
  process.stdout.write(`busy ${summary.totalMs} ms\n\nby package:\n`);
  for (const p of summary.byPackage) process.stdout.write(`  ${String(p.pct).padStart(5)}%  ${p.name}\n`);
  process.stdout.write('\nby function (self time):\n');
  for (const f of summary.byFunction) process.stdout.write(`  ${String(f.pct).padStart(5)}%  ${f.name}\n`);
}
