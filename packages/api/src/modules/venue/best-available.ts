/**
 * "Best available" (docs/domain.md, "Venues"): the server picks `count` seats for the buyer. Candidates are runs
 * of `count` free seats next to each other in one row, of the grade or section asked (and with at least one
 * wheelchair-accessible seat when asked), ranked by price (dearest grade first), then by the row's place in its
 * section (nearest the stage first), then by how central the run is in its row. The best run of each row is one
 * candidate; when no row has a long enough run, the dearest free seats wherever they are make the last one.
 * Pure: the hold's SQL still decides, trying the next candidate when a faster buyer took one.
 */
import type { LayoutLike } from './seat-index.js';
import type { SeatedSection } from './venue.types.js';

export interface BestRequest {
  count: number;
  grade?: string | undefined;
  sectionId?: string | undefined;
  accessible?: boolean | undefined;
}

interface Candidate {
  seatNos: number[];
  price: number;
  rank: number;
  offCentre: number;
}

export function bestCandidates(
  layout: LayoutLike,
  isFree: (seatNo: number) => boolean,
  priceOf: (grade: string) => number,
  request: BestRequest,
  limit = 3,
): number[][] {
  const wantSection = request.sectionId?.toUpperCase();
  const wantGrade = request.grade?.toUpperCase();
  const sections = layout.sections.filter(
    (s): s is SeatedSection =>
      s.kind === 'SEATED' && (!wantSection || s.sectionId.toUpperCase() === wantSection),
  );
  const runs: Candidate[] = [];
  const loose: { seatNo: number; price: number }[] = [];
  for (const section of sections) {
    section.rows.forEach((row, rank) => {
      let best: Candidate | null = null;
      let runStart = 0;
      for (let i = 0; i < row.count; i++) {
        const seatNo = row.firstSeatNo + i;
        const grade = row.grades?.[i] ?? section.grade;
        const fits = isFree(seatNo) && (!wantGrade || grade.toUpperCase() === wantGrade);
        if (!fits) {
          runStart = i + 1;
          continue;
        }
        loose.push({ seatNo, price: priceOf(grade) });
        if (i - runStart + 1 < request.count) continue;
        const first = i - request.count + 1;
        if (request.accessible && !row.accessible?.some((a) => a >= first && a <= i)) continue;
        const seatNos = Array.from({ length: request.count }, (_, k) => row.firstSeatNo + first + k);
        let price = 0;
        for (let k = first; k <= i; k++) price += priceOf(row.grades?.[k] ?? section.grade);
        const offCentre = Math.abs(first + (request.count - 1) / 2 - (row.count - 1) / 2);
        const candidate = { seatNos, price, rank, offCentre };
        if (!best || offCentre < best.offCentre) best = candidate;
      }
      if (best) runs.push(best);
    });
  }
  runs.sort((a, b) => b.price - a.price || a.rank - b.rank || a.offCentre - b.offCentre);
  const picks = runs.slice(0, limit).map((c) => c.seatNos);
  // Seats apart are offered only when no row has them together (and never for an accessibility request, which
  // needs an accessible seat beside its companions).
  if (picks.length === 0 && !request.accessible && loose.length >= request.count) {
    loose.sort((a, b) => b.price - a.price || a.seatNo - b.seatNo);
    picks.push(
      loose
        .slice(0, request.count)
        .map((s) => s.seatNo)
        .sort((a, b) => a - b),
    );
  }
  return picks;
}
