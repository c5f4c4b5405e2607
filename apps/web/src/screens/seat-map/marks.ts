/**
 * Performance API marks of the map's first drawing in a page: the overview painted, a section's seats on screen.
 * `pnpm bench --only map-load` (bench/src/scenarios/map-load.ts) reads them against the navigation's start.
 */
export type MapMark = 'tix:overview-drawn' | 'tix:section-drawn';

export function markOnce(name: MapMark): void {
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}
