/**
 * The servers a run starts are built JavaScript, as production runs them (issue 12): the product server is built
 * by its own build (apps/server/scripts/build.ts → apps/server/dist/main.js, what `pnpm start` runs), and the
 * bare-HTTP baseline is bundled the same way, so neither side pays for TypeScript tooling (tsx's loader hooks)
 * in the measured process, and the comparison stays fair.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '@tix/server/build';
import { build, type Plugin } from 'esbuild';

const benchDir = fileURLToPath(new URL('../..', import.meta.url));

export interface BuiltServers {
  /** apps/server/dist/main.js */
  product: string;
  /** bench/dist/bare-server.js */
  bare: string;
}

/** A bare import stays external when the bench itself depends on the package; @tix/* source is bundled in. */
const benchDependencies: Plugin = {
  name: 'bench-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
      const own = !name.startsWith('@tix/') && existsSync(path.join(benchDir, 'node_modules', name));
      return own ? { path: args.path, external: true } : undefined;
    });
  },
};

export async function buildServers(): Promise<BuiltServers> {
  const bare = path.join(benchDir, 'dist', 'bare-server.js');
  const [product] = await Promise.all([
    buildServer(),
    build({
      entryPoints: [path.join(benchDir, 'src', 'baseline', 'bare-server.ts')],
      outfile: bare,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      plugins: [benchDependencies],
      logLevel: 'warning',
    }),
  ]);
  return { product, bare };
}
