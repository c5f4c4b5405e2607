/**
 * One ticket (docs/domain.md, "Tickets"): order number, a QR of the signed door code, venue, seats, the refund
 * deadline, a link to the concert and an .ics "add to calendar". Only a PAID reservation has a code.
 */
import { useEffect, useMemo } from 'react';
import { renderSVG } from 'uqr';
import { Loading, Notice } from '../components/notice';
import { ScreenError } from '../components/screen-error';
import { ScreenHeading, screenTitle } from '../components/screen-heading';
import { tix } from '../lib/client';
import { formatDate } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';

const icsStamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** A one-event calendar file; the end is a guess (concerts run about two and a half hours). */
function calendarFile(t: {
  orderNumber: string;
  concertTitle: string;
  venue: string;
  startsAt: Date;
}): string {
  const end = new Date(t.startsAt.getTime() + 150 * 60_000);
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//tix//ticket//EN',
    'BEGIN:VEVENT',
    `UID:${t.orderNumber}@tix`,
    `DTSTAMP:${icsStamp(new Date())}`,
    `DTSTART:${icsStamp(t.startsAt)}`,
    `DTEND:${icsStamp(end)}`,
    `SUMMARY:${t.concertTitle.replace(/[,;\\]/g, (c) => `\\${c}`)}`,
    `LOCATION:${t.venue.replace(/[,;\\]/g, (c) => `\\${c}`)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export function TicketPage({ reservationId }: { reservationId: string }) {
  const ticket = useLoad(() => tix.reservation.ticket.query({ reservationId }), [reservationId]);
  const t = ticket.data;
  const qr = useMemo(() => (t?.code ? renderSVG(t.code, { border: 2 }) : null), [t?.code]);
  const ics = useMemo(
    () => (t ? URL.createObjectURL(new Blob([calendarFile(t)], { type: 'text/calendar' })) : null),
    [t],
  );
  // The calendar file lives as long as the page shows it.
  useEffect(() => () => (ics ? URL.revokeObjectURL(ics) : undefined), [ics]);

  if (ticket.error != null) return <ScreenError error={ticket.error} />;
  if (!t) return <Loading what="your ticket" />;
  return (
    <section className="ticket">
      <ScreenHeading title={screenTitle(`Ticket ${t.orderNumber}`, t.concertTitle)}>
        Ticket {t.orderNumber}
      </ScreenHeading>
      <div className="card ticket-card">
        {qr ? (
          <figure className="ticket-qr">
            <div
              role="img"
              aria-label={`Door code for order ${t.orderNumber}`}
              data-testid="ticket-qr"
              // uqr returns a plain <svg> built from the signed code, no user markup.
              dangerouslySetInnerHTML={{ __html: qr }}
            />
            <figcaption className="muted">
              Show this code at the door. It names you and your seats.
            </figcaption>
          </figure>
        ) : (
          <Notice kind="warning">This reservation is {t.status.toLowerCase()}: it has no door code.</Notice>
        )}
        <dl className="ticket-facts">
          <dt>Concert</dt>
          <dd>
            <Link href={`/concerts/${t.concertId}`}>{t.concertTitle}</Link>
          </dd>
          <dt>When</dt>
          <dd>{formatDate(t.startsAt)}</dd>
          <dt>Venue</dt>
          <dd>{t.venue}</dd>
          <dt>Seats</dt>
          <dd data-testid="ticket-seats">{t.seatLabels.join(', ')}</dd>
          <dt>Holder</dt>
          <dd>{t.holder}</dd>
          <dt>Refund until</dt>
          <dd>{formatDate(t.refundDeadline)}</dd>
        </dl>
        {ics && (
          <a className="button" href={ics} download={`tix-${t.orderNumber}.ics`}>
            Add to calendar
          </a>
        )}
      </div>
      <p>
        <Link href="/me">All my tickets</Link>
      </p>
    </section>
  );
}
