/** The wallet: balance, a charge form, and every ledger entry (wallet.history), newest first, page by page. */
import { useState } from 'react';
import { Loading, Notice } from '../components/notice';
import { ScreenHeading, screenTitle } from '../components/screen-heading';
import { WalletPanel } from '../components/wallet-panel';
import { tix } from '../lib/client';
import { describeError } from '../lib/errors';
import { formatShortDate, formatWon } from '../lib/format';
import { useLoad } from '../lib/use-load';

const kindLabel: Record<string, string> = { CHARGE: 'Added', PAYMENT: 'Paid for tickets', REFUND: 'Refund' };

/** Money out with a real minus sign ("−₩300,000"), money in with a plus, so the column reads at a glance. */
function signedWon(amount: number): string {
  return amount < 0 ? `−${formatWon(-amount)}` : `+${formatWon(amount)}`;
}

type Entry = Awaited<ReturnType<typeof tix.wallet.history.query>>['items'][number];

export function WalletPage() {
  const wallet = useLoad(() => tix.wallet.balance.query(), []);
  const [extra, setExtra] = useState<Entry[]>([]);
  const first = useLoad(() => tix.wallet.history.query({ limit: 20 }), []);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const next = cursor === undefined ? (first.data?.nextCursor ?? null) : cursor;
  const entries = [...(first.data?.items ?? []), ...extra];

  const more = async () => {
    if (!next) return;
    const page = await tix.wallet.history.query({ limit: 20, cursor: next });
    setExtra((e) => [...e, ...page.items]);
    setCursor(page.nextCursor);
  };

  return (
    <section>
      <ScreenHeading title={screenTitle('Wallet')}>Wallet</ScreenHeading>
      <div className="checkout-grid wallet-grid">
        <div className="wallet-history">
          <h2>History</h2>
          {first.error != null && <Notice kind="error">{describeError(first.error).message}</Notice>}
          {first.loading && !first.data && <Loading what="your wallet history" />}
          {first.data && entries.length === 0 && <p>Nothing yet: add money to your wallet to buy tickets.</p>}
          {entries.length > 0 && (
            <div className="table-scroll">
              <table className="history" data-testid="wallet-history">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col" className="num">
                      Balance after
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.entryId}>
                      <td>{formatShortDate(e.createdAt)}</td>
                      <td>{kindLabel[e.kind] ?? e.kind}</td>
                      <td className="num">{signedWon(e.amount)}</td>
                      <td className="num">{formatWon(e.balanceAfter)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {next && (
            <button type="button" onClick={() => void more()}>
              Show older entries
            </button>
          )}
        </div>
        <WalletPanel
          balance={wallet.data?.balance}
          onCharged={(b) => {
            wallet.setData(() => ({ balance: b }));
            first.reload();
            setExtra([]);
            setCursor(undefined);
          }}
        />
      </div>
    </section>
  );
}
