/**
 * `admin.updateConcert`: the operator corrects a concert. Names, texts and sale settings change at any time; the
 * opening times and show dates only before the sale opens, since a sold ticket was bought for them (docs/domain.md,
 * "Editing a concert"). One transaction, under the concert row's lock.
 */
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors.js';
import { getConcert } from '../concert/concert.service.js';
import { announceConcertChange } from './configure-queue.js';
import { lockConcert, moveShows, updateConcertRow } from './admin.queries.js';
import type { UpdateConcertInput } from './admin.schema.js';
import { assertDatesInOrder } from './concert-dates.js';

const differs = (next: Date | undefined, current: Date) =>
  next !== undefined && next.getTime() !== current.getTime();

export async function updateConcert(deps: Deps, input: UpdateConcertInput) {
  const { concertId, performances: moves = [], ...fields } = input;
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const concert = await lockConcert(trx, concertId);
    if (!concert) throw new DomainError('CONCERT_NOT_FOUND', 'No such concert');
    if (concert.cancelled_at) throw new DomainError('CONCERT_CANCELLED', 'This concert was cancelled');
    moves.forEach((m, i) => {
      if (!concert.shows.some((s) => s.id === m.performanceId.toLowerCase())) {
        throw new DomainError('PERFORMANCE_NOT_FOUND', 'No such date of this concert', {
          fields: [`performances.${i}.performanceId`],
        });
      }
    });
    const shows = concert.shows.map((s) => {
      const i = moves.findIndex((m) => m.performanceId.toLowerCase() === s.id);
      const move = moves[i];
      return move
        ? { id: s.id, from: s.starts_at, startsAt: move.startsAt, field: `performances.${i}.startsAt` }
        : { id: s.id, from: s.starts_at, startsAt: s.starts_at, field: 'performances' };
    });
    const moved = shows.filter((s) => differs(s.startsAt, s.from));
    const datesChange =
      differs(fields.queueOpensAt, concert.queue_opens_at) ||
      differs(fields.saleOpensAt, concert.sale_opens_at) ||
      moved.length > 0;
    if (datesChange) {
      if (now >= concert.sale_opens_at) {
        throw new DomainError('SALE_ALREADY_OPEN', 'The sale has opened: its dates can no longer change', {
          fields: ['saleOpensAt'],
        });
      }
      assertDatesInOrder(
        {
          queueOpensAt: fields.queueOpensAt ?? concert.queue_opens_at,
          saleOpensAt: fields.saleOpensAt ?? concert.sale_opens_at,
          shows,
        },
        now,
      );
    }
    await moveShows(trx, moved);
    return updateConcertRow(trx, concert.id, {
      title: fields.title,
      venue: fields.venue,
      description: fields.description,
      performers: fields.performers,
      city: fields.city,
      category: fields.category,
      queue_opens_at: fields.queueOpensAt,
      sale_opens_at: fields.saleOpensAt,
      hold_seconds: fields.holdSeconds,
      max_seats_per_order: fields.maxSeatsPerOrder,
      max_active: fields.maxActive,
      admit_per_second: fields.admitPerSecond,
      active_ttl_seconds: fields.activeTtlSeconds,
    });
  });
  await announceConcertChange(deps, row);
  return getConcert(deps, row.id);
}
