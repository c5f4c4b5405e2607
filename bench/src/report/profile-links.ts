/**
 * Links the report to the committed profiling runs (bench/results/profile-<scenario>/, made with
 * `pnpm bench --only <scenario> --cpu-prof --out bench/results/profile-<scenario>`): where the servers' time went
 * for each scenario that misses a target, with its flame graph.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bars } from './charts.js';
import type { ProfileSummary } from './profile-summary.js';

interface ProfiledRun {
  scenario: string;
  folder: string;
  report: string;
  flameGraph: string;
  startedAt: string;
  byPackage: ProfileSummary['byPackage'];
}

export function findProfiledRuns(resultsDir: string): ProfiledRun[] {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir)
    .filter((d) => d.startsWith('profile-'))
    .flatMap((folder) => {
      const latest = readdirSync(path.join(resultsDir, folder))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .at(-1);
      if (!latest) return [];
      const run = JSON.parse(readFileSync(path.join(resultsDir, folder, latest), 'utf8')) as {
        startedAt: string;
        profile?: ProfileSummary;
      };
      if (!run.profile) return [];
      const stem = latest.replace(/\.json$/, '');
      return [
        {
          scenario: folder.slice('profile-'.length),
          folder,
          report: `${stem}.md`,
          flameGraph: `${stem}-flame.svg`,
          startedAt: run.startedAt,
          byPackage: run.profile.byPackage,
        },
      ];
    });
}

/** `assets`: the path from the Markdown file to the results folder. */
export function profiledRunsSection(runs: ProfiledRun[], assets: string): string[] {
  if (runs.length === 0) return [];
  return [
    '## Where the servers spend their time (profiled runs)',
    '',
    'Separate short runs of one scenario each with the servers under `--cpu-prof` (profiling slows them, so their',
    "figures are not compared with the run above). Busy time after start-up, by the package responsible (Node's",
    'own frames, such as socket writes, count for the nearest package above them):',
    '',
    ...runs.flatMap((r) => [
      `**${r.scenario}** (${r.startedAt}): [report](${assets}${r.folder}/${r.report}) · [flame graph](${assets}${r.folder}/${r.flameGraph})`,
      '```',
      bars(
        r.byPackage.slice(0, 6).map((p) => ({ label: p.name, value: p.pct, suffix: '%' })),
        30,
      ),
      '```',
      '',
    ]),
  ];
}
