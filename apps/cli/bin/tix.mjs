#!/usr/bin/env node
// Starts the prebuilt bundle (dist/tix.mjs, made by `pnpm install` and `pnpm --filter @tix/cli build`) when it is
// newer than every source file it was built from: plain node, no TypeScript compiler on the way, well under a
// second. Otherwise (a fresh edit, no build yet) it runs the TypeScript source through tsx, so `tix` never goes stale.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/tix.mjs', import.meta.url));
const sources = ['../src', '../../../packages/sdk/src'].map((d) =>
  fileURLToPath(new URL(d, import.meta.url)),
);

/** @param {string} dir */
function newestIn(dir) {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    const built = statSync(dist).mtimeMs;
    return sources.every((dir) => newestIn(dir) <= built);
  } catch {
    return false;
  }
}

if (bundleIsFresh()) {
  await import(dist);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
