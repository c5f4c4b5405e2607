#!/usr/bin/env node
// Runs the CLI from its TypeScript source through tsx, so `pnpm tix` works in a fresh clone with no build step.
// `pnpm --filter @tix/cli build` makes a self-contained dist/tix.mjs (what the tests run) for installing elsewhere.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
