/**
 * Bundles the CLI into one self-contained ESM file (the SDK, tRPC client and commander inlined), runnable with plain
 * `node` and no TypeScript tooling. The tests build it into a temp folder and run it as a child process.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli(outfile = path.join(root, 'dist', 'tix.mjs')): Promise<string> {
  await build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // commander is CommonJS: give the bundle a real `require` for its node built-ins.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildCli(process.argv[2]);
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
