import { describe, expect, it } from 'vitest';
import { findSeatByLabel, seatLabel } from '../../../src/modules/venue/seat-index.js';
import { buildLayout, seatGrades } from '../../../src/modules/venue/venue-layout.js';
import { listLayoutTemplates, templateLayout } from '../../../src/modules/venue/venue-templates.js';

describe('venue templates (docs/domain.md, "Venues")', () => {
  it('has a small hall, an arena with a standing floor and a stadium with standing areas', () => {
    const byId = Object.fromEntries(listLayoutTemplates().map((t) => [t.template, t]));
    expect(byId['small-hall']).toMatchObject({ seatsTotal: 500, standingTotal: 0 });
    expect(byId.arena).toMatchObject({ seatsTotal: 10_000, standingTotal: 2_000 });
    expect(byId.stadium).toMatchObject({ seatsTotal: 50_000, standingTotal: 6_000 });
    for (const t of Object.values(byId)) {
      expect(t.grades.every((g) => g.price > 0)).toBe(true);
      expect(t.grades.reduce((n, g) => n + g.places, 0)).toBe(t.seatsTotal + t.standingTotal);
    }
  });

  it('numbers every seat once, contiguously, row by row, and keeps it inside its section on the map', () => {
    for (const template of ['small-hall', 'arena', 'stadium'] as const) {
      const layout = templateLayout(template);
      let next = 1;
      const ids = new Set<string>();
      for (const section of layout.sections) {
        expect(ids.has(section.sectionId)).toBe(false);
        ids.add(section.sectionId);
        expect(section.x >= 0 && section.y >= 0).toBe(true);
        expect(section.x + section.width <= layout.width && section.y + section.height <= layout.height).toBe(
          true,
        );
        if (section.kind !== 'SEATED') continue;
        for (const row of section.rows) {
          expect(row.firstSeatNo).toBe(next);
          next += row.count;
          const last = { x: row.x + (row.count - 1) * row.dx, y: row.y + (row.count - 1) * row.dy };
          for (const p of [row, last]) {
            expect(p.x > section.x && p.x < section.x + section.width).toBe(true);
            expect(p.y > section.y && p.y < section.y + section.height).toBe(true);
          }
        }
      }
      expect(next - 1).toBe(layout.seatsTotal);
      expect(seatGrades(layout).every(Boolean)).toBe(true);
    }
  });

  it('gives every stadium seat a label that leads back to it', () => {
    const layout = templateLayout('stadium');
    for (const seatNo of [1, 1200, 24_000, 24_001, 50_000]) {
      const label = seatLabel(layout, seatNo)!;
      expect(findSeatByLabel(layout, label)?.seatNo).toBe(seatNo);
    }
  });

  it('spreads rows without positions evenly over their section', () => {
    const layout = buildLayout({
      name: 'x',
      width: 100,
      height: 100,
      sections: [
        {
          kind: 'SEATED',
          sectionId: 'A',
          name: 'A',
          ...{ x: 0, y: 0, width: 40, height: 20 },
          grade: 'R',
          rows: [
            { label: '1', count: 4 },
            { label: '2', count: 2 },
          ],
        },
      ],
    });
    const [a] = layout.sections;
    expect(a?.kind === 'SEATED' && a.rows).toEqual([
      { label: '1', firstSeatNo: 1, count: 4, x: 5, y: 5, dx: 10, dy: 0 },
      { label: '2', firstSeatNo: 5, count: 2, x: 15, y: 15, dx: 10, dy: 0 },
    ]);
  });
});
