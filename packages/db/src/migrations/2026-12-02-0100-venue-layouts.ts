import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new dated file instead.
// Venue layouts (docs/domain.md, "Venues"). A layout is one document: its sections (seated ones with rows and seat
// positions, labels, per-seat grades and accessible seats; standing areas with a capacity), read whole by
// `concert.layout` and never queried by parts, so it is stored as jsonb, once per distinct content (content_hash)
// and shared by every performance that uses it. Seats stay rows of `seats` (1..seats_total); each standing place is
// a row there too, numbered after the seats (the area's `firstPlaceNo` in the layout), so holds, payments, expiry
// and refunds guard standing places with the very same SQL as seats. Prices are per grade per performance.
// Existing performances get a layout of one section "A" holding their seats, rows of up to 100 seats.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE venue_layouts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      content_hash text NOT NULL UNIQUE,
      name text NOT NULL,
      width real NOT NULL CHECK (width > 0),
      height real NOT NULL CHECK (height > 0),
      seats_total integer NOT NULL CHECK (seats_total >= 0),
      places_total integer NOT NULL CHECK (places_total >= seats_total),
      sections jsonb NOT NULL,
      stage jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    ALTER TABLE performances ADD COLUMN layout_id uuid REFERENCES venue_layouts (id);
    CREATE TABLE performance_prices (
      performance_id uuid NOT NULL REFERENCES performances (id),
      grade text NOT NULL,
      price bigint NOT NULL CHECK (price >= 0),
      PRIMARY KEY (performance_id, grade)
    );
  `.execute(db);

  const performances = await sql<{ id: string; venue: string }>`
    SELECT p.id, c.venue FROM performances p JOIN concerts c ON c.id = p.concert_id ORDER BY p.id
  `.execute(db);
  for (const p of performances.rows) {
    const seats = await sql<{ grade: string }>`
      SELECT grade FROM seats WHERE performance_id = ${p.id} ORDER BY seat_no
    `.execute(db);
    const layout = oneSection(
      p.venue,
      seats.rows.map((s) => s.grade),
    );
    const hash = createHash('sha256').update(JSON.stringify(layout)).digest('hex');
    await sql`
      INSERT INTO venue_layouts (content_hash, name, width, height, seats_total, places_total, sections, stage)
      VALUES (${hash}, ${layout.name}, ${layout.width}, ${layout.height}, ${seats.rows.length}, ${seats.rows.length},
              ${JSON.stringify(layout.sections)}::jsonb, ${JSON.stringify(layout.stage)}::jsonb)
      ON CONFLICT (content_hash) DO NOTHING
    `.execute(db);
    await sql`
      UPDATE performances SET layout_id = (SELECT id FROM venue_layouts WHERE content_hash = ${hash})
      WHERE id = ${p.id}
    `.execute(db);
    await sql`
      INSERT INTO performance_prices (performance_id, grade, price)
      SELECT performance_id, grade, max(price) FROM seats WHERE performance_id = ${p.id} GROUP BY performance_id, grade
    `.execute(db);
  }
  await sql`ALTER TABLE performances ALTER COLUMN layout_id SET NOT NULL`.execute(db);
}

/** Seats 1..N in one section "A", row by row; a row lists per-seat grades only where one differs from A's. */
function oneSection(name: string, grades: string[]) {
  const pitch = 10;
  const perRow = Math.min(100, Math.max(10, Math.ceil(Math.sqrt(2 * grades.length))));
  const rowCount = Math.ceil(grades.length / perRow);
  const width = Math.min(perRow, grades.length) * pitch;
  const sectionGrade = grades[0] ?? 'S';
  const rows = Array.from({ length: rowCount }, (_, r) => {
    const rowGrades = grades.slice(r * perRow, (r + 1) * perRow);
    return {
      label: String(r + 1),
      firstSeatNo: r * perRow + 1,
      count: rowGrades.length,
      x: 20 + pitch / 2,
      y: 120 + r * pitch + pitch / 2,
      dx: pitch,
      dy: 0,
      ...(rowGrades.some((g) => g !== sectionGrade)
        ? { grades: rowGrades.map((g) => (g === sectionGrade ? null : g)) }
        : {}),
    };
  });
  const section = {
    kind: 'SEATED',
    sectionId: 'A',
    name: 'Section A',
    x: 20,
    y: 120,
    width,
    height: rowCount * pitch,
    grade: sectionGrade,
    rows,
  };
  return {
    name,
    width: width + 40,
    height: rowCount * pitch + 140,
    stage: { x: 20, y: 20, width, height: 80 },
    sections: [section],
  };
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE performance_prices;
    ALTER TABLE performances DROP COLUMN layout_id;
    DROP TABLE venue_layouts;
  `.execute(db);
}
