/**
 * Builds the server into plain JavaScript (`dist/main.js`), so production runs `node dist/main.js` with no
 * TypeScript tooling in the process. The workspace packages (@tix/api, @tix/db), which ship as TypeScript source,
 * are bundled in, with what only they depend on; the server's own dependencies stay imports from its node_modules
 * (PGlite, one of them, needs its WebAssembly files beside it).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** A bare import stays external when the server itself depends on the package (pnpm links it here). */
const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const name = packageName(args.path);
      const own = !name.startsWith('@tix/') && existsSync(path.join(root, 'node_modules', name));
      return own ? { path: args.path, external: true } : undefined;
    });
  },
};

export async function buildServer(outfile = path.join(root, 'dist', 'main.js')): Promise<string> {
  await build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: true,
    plugins: [externalDependencies],
    // Bundled CommonJS packages call require(): give the ESM bundle a real one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildServer(process.argv[2]);
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
