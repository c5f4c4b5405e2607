/**
 * The operator form's own checks, run before anything is sent: the same rules the API enforces (docs/domain.md,
 * "Creating a concert"), worded for the form. Each problem names the field it belongs to, with the API's field path
 * where there is one, so the API's refusals and these land on the same inputs.
 */

export interface SectionRow {
  sectionId: string;
  name: string;
  kind: 'SEATED' | 'STANDING';
  grade: string;
  rows: string;
  perRow: string;
  capacity: string;
}

export interface ScheduleForm {
  queueOpensAt: string;
  saleOpensAt: string;
  dates: string[];
  prices: Record<string, string>;
  maxSeatsPerOrder: string;
  maxActive: string;
  admitPerMinute: string;
  holdSeconds: string;
  sections: SectionRow[] | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const whole = (v: string, min: number) => /^\d+$/.test(v.trim()) && Number(v) >= min;

export function checkConcertForm(form: ScheduleForm, now: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (v: string) => (v ? new Date(v).getTime() : NaN);
  const queue = at(form.queueOpensAt);
  const sale = at(form.saleOpensAt);
  if (Number.isNaN(sale)) problems.push({ field: 'saleOpensAt', message: 'Say when the sale opens.' });
  if (form.queueOpensAt && !Number.isNaN(sale) && queue > sale) {
    problems.push({
      field: 'saleOpensAt',
      message: 'The sale cannot open before the waiting room: open the waiting room first.',
    });
  }
  if (form.dates.length === 0)
    problems.push({ field: 'performances.0.startsAt', message: 'Add at least one date.' });
  form.dates.forEach((d, i) => {
    const field = `performances.${i}.startsAt`;
    const starts = at(d);
    if (Number.isNaN(starts)) problems.push({ field, message: `Date ${i + 1}: choose a day and time.` });
    else if (starts <= now) problems.push({ field, message: `Date ${i + 1} is in the past.` });
    else if (!Number.isNaN(sale) && starts <= sale)
      problems.push({ field, message: `Date ${i + 1} is before the sale opens.` });
  });
  for (const [grade, price] of Object.entries(form.prices)) {
    if (!whole(price, 0))
      problems.push({ field: `prices.${grade}`, message: `The ${grade} price must be whole won.` });
  }
  if (!whole(form.maxSeatsPerOrder, 1) || Number(form.maxSeatsPerOrder) > 20) {
    problems.push({ field: 'maxSeatsPerOrder', message: 'Places per order: between 1 and 20.' });
  }
  if (!whole(form.maxActive, 1) || Number(form.maxActive) > 100_000) {
    problems.push({ field: 'maxActive', message: 'Capacity: a whole number of people from 1 to 100,000.' });
  }
  if (!whole(form.admitPerMinute, 60) || Number(form.admitPerMinute) % 60 !== 0) {
    problems.push({
      field: 'admitPerMinute',
      message: 'Admission rate: people per minute in steps of 60 (60, 120, 180…).',
    });
  }
  if (!whole(form.holdSeconds, 10) || Number(form.holdSeconds) > 3600) {
    problems.push({ field: 'holdSeconds', message: 'Hold time: from 10 to 3,600 seconds.' });
  }
  const ids = new Set<string>();
  form.sections?.forEach((s, i) => {
    const field = (name: string) => `sections.${i}.${name}`;
    const id = s.sectionId.trim();
    if (!/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/.test(id) || id.length > 16)
      problems.push({
        field: field('sectionId'),
        message: `Section ${i + 1}: a short code like A or FLOOR.`,
      });
    else if (ids.has(id.toUpperCase()))
      problems.push({
        field: field('sectionId'),
        message: `Section ${i + 1}: the code ${id} is used twice.`,
      });
    ids.add(id.toUpperCase());
    if (!s.grade.trim())
      problems.push({ field: field('grade'), message: `Section ${i + 1}: give it a grade.` });
    if (s.kind === 'STANDING' && !whole(s.capacity, 1))
      problems.push({ field: field('capacity'), message: `Section ${i + 1}: how many standing places?` });
    if (s.kind === 'SEATED' && !(whole(s.rows, 1) && whole(s.perRow, 1)))
      problems.push({
        field: field('rows'),
        message: `Section ${i + 1}: rows and seats per row, at least 1.`,
      });
  });
  return problems;
}

/**
 * The API's field path for a refusal, as this form names its inputs: every date has its own, while venue, prices
 * and sections are the same for all dates (the form sends them with each), so their date prefix is dropped.
 */
export function formField(apiField: string): string {
  // The form asks for people per minute; the API counts per second.
  if (apiField === 'admitPerSecond') return 'admitPerMinute';
  if (/^performances\.\d+\.startsAt$/.test(apiField)) return apiField;
  return apiField.replace(/^performances\.\d+\./, '').replace(/^venue\./, '');
}
