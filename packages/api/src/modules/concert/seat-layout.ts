/** Seat layouts: grades laid out in order from seat 1. */
export interface GradeBlock {
  grade: string;
  price: number;
  count: number;
}

/** VIP for the first fifth, R for the next two fifths, S for the rest. */
export function defaultLayout(seats: number): GradeBlock[] {
  const vip = Math.max(1, Math.round(seats * 0.2));
  const r = Math.round(seats * 0.4);
  const s = seats - vip - r;
  return [
    { grade: 'VIP', price: 150_000, count: vip },
    { grade: 'R', price: 110_000, count: r },
    { grade: 'S', price: 80_000, count: s },
  ].filter((g) => g.count > 0);
}

export function layoutRanges(
  layout: GradeBlock[],
): { first: number; last: number; grade: string; price: number }[] {
  let next = 1;
  return layout.map((g) => {
    const range = { first: next, last: next + g.count - 1, grade: g.grade, price: g.price };
    next += g.count;
    return range;
  });
}
