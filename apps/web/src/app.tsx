/**
 * The app shell: header, the open-hold banner, the screen for the current path, and the sign-in gate for screens
 * that need a user. Each screen names the tab and takes focus with its heading (components/screen-heading.tsx).
 */
import type { ReactNode } from 'react';
import { HoldBanner } from './components/hold-banner';
import { Notice } from './components/notice';
import { NotFound } from './components/screen-error';
import { ScreenHeading, ScreenTitle, screenTitle } from './components/screen-heading';
import { useBusyMessage } from './lib/busy';
import { Link, matchPath, usePath } from './lib/router';
import { SessionProvider, useSession } from './lib/session';
import { AdminPage } from './screens/admin/admin-page';
import { WebhooksPage } from './screens/admin/webhooks-page';
import { Checkout } from './screens/checkout';
import { ConcertList } from './screens/concert-list';
import { ConcertPage } from './screens/concert-page';
import { MyReservations } from './screens/my-reservations';
import { SeatMap } from './screens/seat-map';
import { SignIn } from './screens/sign-in';
import { TicketPage } from './screens/ticket-page';
import { WalletPage } from './screens/wallet-page';

export function App() {
  return (
    <SessionProvider>
      <Header />
      <main id="main" className="container">
        <BusyNotice />
        <HoldBanner />
        <Screen />
      </main>
    </SessionProvider>
  );
}

function Header() {
  const { me, signOut } = useSession();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="container header-row">
        <Link href="/" className="brand">
          tix
        </Link>
        <nav aria-label="Main">
          <Link href="/">Concerts</Link>
          {me && <Link href="/me">My tickets</Link>}
          {me && <Link href="/wallet">Wallet</Link>}
          {me?.role === 'ADMIN' && <Link href="/admin">Operator</Link>}
          {me ? (
            <button type="button" className="link-button" onClick={signOut}>
              Sign out <span className="muted">({me.username})</span>
            </button>
          ) : (
            <Link href="/signin">Sign in</Link>
          )}
        </nav>
      </div>
    </header>
  );
}

/** Shown while the client waits to retry a call the busy server refused (lib/busy.ts). */
function BusyNotice() {
  const message = useBusyMessage();
  return message ? (
    <Notice kind="warning" testId="busy-notice">
      {message}
    </Notice>
  ) : null;
}

function Screen() {
  const path = usePath();
  let params: Record<string, string> | null;
  if (path === '/' || path === '/concerts') return <ConcertList />;
  if (path === '/signin') return <SignIn />;
  if (path === '/me') return <Gate>{() => <MyReservations />}</Gate>;
  if (path === '/wallet') return <Gate>{() => <WalletPage />}</Gate>;
  if ((params = matchPath('/tickets/:reservationId', path))) {
    const { reservationId = '' } = params;
    return <Gate>{() => <TicketPage key={reservationId} reservationId={reservationId} />}</Gate>;
  }
  if (path === '/admin')
    return (
      <Gate admin>
        {() => (
          <>
            <AdminPage />
            <ScreenTitle title={screenTitle('Operator')} />
          </>
        )}
      </Gate>
    );
  if (path === '/admin/webhooks')
    return (
      <Gate admin>
        {() => (
          <>
            <WebhooksPage />
            <ScreenTitle title={screenTitle('Webhooks', 'Operator')} />
          </>
        )}
      </Gate>
    );
  if ((params = matchPath('/concerts/:concertId', path))) {
    const { concertId = '' } = params;
    return <ConcertPage key={concertId} concertId={concertId} />;
  }
  if ((params = matchPath('/concerts/:concertId/dates/:performanceId', path))) {
    const { concertId = '', performanceId = '' } = params;
    return (
      <Gate>{() => <SeatMap key={performanceId} concertId={concertId} performanceId={performanceId} />}</Gate>
    );
  }
  if ((params = matchPath('/concerts/:concertId/checkout/:reservationId', path))) {
    const { concertId = '', reservationId = '' } = params;
    return (
      <Gate>
        {() => <Checkout key={reservationId} concertId={concertId} reservationId={reservationId} />}
      </Gate>
    );
  }
  return <NotFound thing="page" />;
}

/** Screens that need a signed-in user (or an operator) show the sign-in form in place until there is one. */
function Gate({ children, admin = false }: { children: () => ReactNode; admin?: boolean }) {
  const { me, checking } = useSession();
  if (checking)
    return (
      <p className="muted" role="status">
        Checking your session…
      </p>
    );
  if (!me) return <SignIn inline />;
  if (admin && me.role !== 'ADMIN') {
    return (
      <section>
        <ScreenHeading title={screenTitle('Operators only')}>Operators only</ScreenHeading>
        <p>This page is for concert operators. Sign in with an operator account to use it.</p>
      </section>
    );
  }
  return <>{children()}</>;
}
