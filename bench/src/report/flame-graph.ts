/**
 * A flame graph (SVG, no scripts, no network) of the product servers' CPU profiles: every process's call tree merged
 * by frame, start-up and idle left out, width proportional to time. Frames under 0.25% of the total are not drawn.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface Frame {
  name: string;
  self: number;
  total: number;
  children: Map<string, Frame>;
}

const frame = (name: string): Frame => ({ name, self: 0, total: 0, children: new Map() });

function label(f: ProfileNode['callFrame']): string {
  const file = f.url ? path.basename(f.url.replace(/^file:\/\//, '')) : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

/** Merges every profile in `dir` into one tree of time per stack. */
function mergedTree(dir: string, skipMs: number): Frame {
  const root = frame('all');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let t = profile.startTime;
    const from = profile.startTime + skipMs * 1000;
    profile.samples.forEach((id, i) => {
      const dt = profile.timeDeltas[i] ?? 0;
      t += dt;
      const node = byId.get(id);
      if (!node || t < from || node.callFrame.functionName === '(idle)') return;
      const stack: string[] = [];
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const f = byId.get(cur)!.callFrame;
        if (f.functionName !== '(root)') stack.push(label(f));
      }
      let at = root;
      at.total += dt;
      for (const name of stack.reverse()) {
        let next = at.children.get(name);
        if (!next) at.children.set(name, (next = frame(name)));
        next.total += dt;
        at = next;
      }
      at.self += dt;
    });
  }
  return root;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function color(name: string): string {
  // Warm colours by a hash of the package part of the name, so one library keeps one hue.
  const key = /node_modules|\.pnpm/.test(name) ? (name.split(' ')[1] ?? name) : name;
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${10 + (h % 45)}, ${70 + (h % 20)}%, ${55 + (h % 15)}%)`;
}

export function writeFlameGraph(dir: string, out: string, options: { skipMs: number; title: string }): void {
  const root = mergedTree(dir, options.skipMs);
  const width = 1200;
  const row = 16;
  const min = root.total * 0.0025;
  const rects: string[] = [];
  let depth = 0;
  const draw = (f: Frame, x: number, level: number) => {
    const w = (f.total / root.total) * width;
    depth = Math.max(depth, level);
    const pct = ((f.total / root.total) * 100).toFixed(1);
    const chars = Math.floor((w - 6) / 6.5);
    const text = chars > 3 ? escape(f.name.length > chars ? `${f.name.slice(0, chars - 1)}…` : f.name) : '';
    rects.push(
      `<g><title>${escape(f.name)} (${pct}%)</title><rect x="${x.toFixed(1)}" y="${level * row}" width="${Math.max(0.5, w - 0.5).toFixed(1)}" height="${row - 1}" fill="${color(f.name)}"/>` +
        (text ? `<text x="${(x + 3).toFixed(1)}" y="${level * row + 12}">${text}</text>` : '') +
        '</g>',
    );
    let cx = x;
    for (const c of [...f.children.values()].sort((a, b) => b.total - a.total)) {
      if (c.total >= min) draw(c, cx, level + 1);
      cx += (c.total / root.total) * width;
    }
  };
  draw(root, 0, 1);
  const height = (depth + 2) * row;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">`,
    `<text x="4" y="12">${escape(options.title)} — ${Math.round(root.total / 1000)} ms busy; hover a frame for its share</text>`,
    ...rects,
    '</svg>',
  ].join('\n');
  writeFileSync(out, svg);
}
