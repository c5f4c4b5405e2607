/**
 * The map harness (test/map-harness) built and served on its own, with a stadium layout from the server's own
 * template code and an availability answer in the contract's shape, for measuring the map without a server.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeatAvailability, VenueLayout } from '@tix/sdk';
import { buildWeb } from './web-stack';
// Test-only reach into the API package: the stadium the server would build, not a second copy of it.
import {
  layoutTemplates,
  templateLayout,
} from '../../../../packages/api/src/modules/venue/venue-templates.js';

const webRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Harness {
  url: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'tix-map-'));
  await buildWeb({
    root: webRoot,
    outDir: tmp,
    production: true,
    input: path.join(webRoot, 'test/map-harness/index.html'),
  });
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(tmp, url.pathname === '/' ? 'test/map-harness/index.html' : url.pathname);
    // No favicon: an empty answer rather than a 404 the page would log as an error.
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (!file.startsWith(tmp) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The stadium template as `concert.layout` would answer it. */
export function stadiumLayout(): VenueLayout {
  const built = templateLayout('stadium');
  const prices = layoutTemplates.stadium.prices;
  return {
    performanceId: '00000000-0000-4000-8000-000000000001',
    layoutId: 'stadium',
    version: 'fixture-1',
    grades: Object.entries(prices).map(([grade, price]) => ({ grade, price })),
    ...built,
  };
}

/** An availability answer with every `takenEvery`-th seat taken and the given seats yours. */
export function availabilityAnswer(
  layout: VenueLayout,
  takenEvery: number,
  mine: number[],
): SeatAvailability {
  const bits = new Uint8Array(Math.ceil(layout.seatsTotal / 8));
  for (let no = 1; no <= layout.seatsTotal; no++) {
    if (no % takenEvery === 0 || mine.includes(no)) continue;
    bits[(no - 1) >> 3]! |= 1 << ((no - 1) & 7);
  }
  return {
    performanceId: layout.performanceId,
    version: 1,
    seatsTotal: layout.seatsTotal,
    available: Buffer.from(bits).toString('base64'),
    standing: layout.sections.flatMap((s) =>
      s.kind === 'STANDING'
        ? [{ sectionId: s.sectionId, capacity: s.capacity, available: s.capacity - 7 }]
        : [],
    ),
    mine: { seatNos: mine, standing: [] },
  };
}
