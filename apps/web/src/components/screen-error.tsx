/**
 * A screen that could not load what its URL names: "We couldn't find that concert" (an unknown id, or no id at all)
 * with a way home, or the failure in plain words. Never the validator's text (lib/errors.ts).
 */
import { describeError, notFoundOf } from '../lib/errors';
import { Link } from '../lib/router';
import { Notice } from './notice';
import { ScreenHeading, screenTitle } from './screen-heading';

export function ScreenError({ error }: { error: unknown }) {
  const thing = notFoundOf(error);
  if (thing) return <NotFound thing={thing} />;
  return (
    <section data-testid="screen-error">
      <ScreenHeading title={screenTitle('Something went wrong')}>Something went wrong</ScreenHeading>
      <Notice kind="error">{describeError(error).message}</Notice>
      <p>
        <Link href="/">See all concerts</Link>
      </p>
    </section>
  );
}

/** "thing": concert, date, reservation … or page, for a path no screen has. */
export function NotFound({ thing }: { thing: string }) {
  const mine = thing === 'reservation' || thing === 'payment';
  return (
    <section data-testid="not-found">
      <ScreenHeading title={screenTitle(`No such ${thing}`)}>
        We couldn&apos;t find that {thing}
      </ScreenHeading>
      <p>
        {mine
          ? 'It may have been typed wrong, or it belongs to another account.'
          : 'The link may be mistyped or out of date.'}
      </p>
      <p>
        <Link href="/">See all concerts</Link>
        {mine && (
          <>
            {' · '}
            <Link href="/me">My tickets</Link>
          </>
        )}
      </p>
    </section>
  );
}
