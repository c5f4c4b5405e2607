/** The one rule of a concert's dates, for creating and editing it (docs/domain.md, "Creating a concert"). */
import { DomainError } from '../../errors.js';

export interface ConcertDates {
  queueOpensAt: Date | undefined;
  saleOpensAt: Date;
  /** Each show with the input field a refusal names. */
  shows: { startsAt: Date; field: string }[];
}

/** The dates must run: queue opens ≤ sale opens < every show, every show still to come. */
export function assertDatesInOrder(dates: ConcertDates, now: Date): void {
  if (dates.queueOpensAt && dates.queueOpensAt > dates.saleOpensAt) {
    throw new DomainError(
      'QUEUE_OPENS_AFTER_SALE',
      'The waiting room must open before (or when) the sale opens',
      { fields: ['queueOpensAt'] },
    );
  }
  for (const show of dates.shows) {
    if (show.startsAt <= now) {
      throw new DomainError('SHOW_DATE_IN_PAST', 'A show date must be in the future', {
        fields: [show.field],
      });
    }
    if (show.startsAt <= dates.saleOpensAt) {
      throw new DomainError('SHOW_BEFORE_SALE', 'A show must start after the sale opens', {
        fields: [show.field],
      });
    }
  }
}
