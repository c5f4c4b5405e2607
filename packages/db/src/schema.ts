/**
 * The database schema, written by hand to match the migrations. Rows are snake_case; the API maps them to camelCase.
 * Money columns are int8 and arrive as `bigint` (the parser is set once in create-db.ts).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Money = ColumnType<bigint, bigint | number, bigint | number>;

export type Role = 'BUYER' | 'ADMIN';
export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD';
export type ReservationStatus = 'HELD' | 'PAID' | 'EXPIRED' | 'CANCELLED' | 'REFUNDED';
export type LedgerKind = 'CHARGE' | 'PAYMENT' | 'REFUND';

export interface UsersTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  role: Role;
  created_at: CreatedAt;
}

export interface ConcertsTable {
  id: Generated<string>;
  title: string;
  venue: string;
  description: string;
  queue_opens_at: Timestamp;
  sale_opens_at: Timestamp;
  max_active: number;
  admit_per_second: number;
  active_ttl_seconds: number;
  hold_seconds: number;
  max_seats_per_order: number;
  refund_cutoff_seconds: number;
  paused: Generated<boolean>;
  created_at: CreatedAt;
  /** Names as the operator wrote them, in billing order. */
  performers: ColumnType<string[], string[] | undefined, string[]>;
  city: Generated<string>;
  /** One of the categories in docs/domain.md ("Concert search"); the API enforces the set. */
  category: Generated<string>;
  /** tix_search_fold(title), written by PostgreSQL (a generated column). */
  search_title: ColumnType<string, never, never>;
  /** The folded title, performers, venue, city and category (a generated column); search filters on its words. */
  search_document: ColumnType<string, never, never>;
  /** Set once by admin.cancelConcert; a trigger refuses new reservations from then on. */
  cancelled_at: Timestamp | null;
}

/** Every word any concert's search document has had, under a trigram index (filled by triggers on concerts). */
export interface SearchVocabularyTable {
  word: string;
}

export interface PerformancesTable {
  id: Generated<string>;
  concert_id: string;
  starts_at: Timestamp;
  seats_total: number;
  layout_id: string;
}

/** A venue's map, stored once per distinct content and shared by performances (docs/domain.md, "Venues"). */
export interface VenueLayoutsTable {
  id: Generated<string>;
  content_hash: string;
  name: string;
  width: number;
  height: number;
  /** Seats are seat rows 1..seats_total; standing places follow, up to places_total. */
  seats_total: number;
  places_total: number;
  /** The sections as `concert.layout` shows them, standing areas with their internal `firstPlaceNo`. */
  sections: ColumnType<unknown, string, string>;
  stage: ColumnType<unknown, string | null, string | null>;
  created_at: CreatedAt;
}

export interface PerformancePricesTable {
  performance_id: string;
  grade: string;
  price: Money;
}

export interface SeatsTable {
  performance_id: string;
  seat_no: number;
  grade: string;
  price: Money;
  status: SeatStatus;
  /** The reservation that holds or bought the seat; null when AVAILABLE. */
  reservation_id: string | null;
  /** When a HELD seat becomes free again; null unless HELD. */
  hold_expires_at: Timestamp | null;
  /** Drawn from seat_version_seq by a trigger on every update: a later change to a seat has a larger version. */
  version: ColumnType<bigint, never, never>;
}

export interface ReservationsTable {
  id: Generated<string>;
  user_id: string;
  concert_id: string;
  performance_id: string;
  status: ReservationStatus;
  total_price: Money;
  expires_at: Timestamp;
  created_at: CreatedAt;
  paid_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

export interface ReservationSeatsTable {
  reservation_id: string;
  seat_no: number;
  price: Money;
}

export interface WalletAccountsTable {
  user_id: string;
  balance: Money;
  updated_at: Timestamp;
}

export interface WalletLedgerTable {
  id: Generated<string>;
  user_id: string;
  kind: LedgerKind;
  /** Signed: CHARGE and REFUND positive, PAYMENT negative. The balance is the sum of these. */
  amount: Money;
  balance_after: Money;
  reference: string | null;
  created_at: CreatedAt;
}

export interface PaymentsTable {
  id: Generated<string>;
  user_id: string;
  reservation_id: string;
  amount: Money;
  idempotency_key: string;
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  operation: string;
  request_hash: string;
  response: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
}

/** What the waiting room must not forget if Redis does (modules/queue/queue-turns.ts). */
export interface QueueTurnsTable {
  token: string;
  concert_id: string;
  user_id: string;
  admitted_at: Timestamp | null;
  ended_at: Timestamp | null;
  end_applied_at: Timestamp | null;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

/** The transactional outbox: one row per sale event, written in the transaction of the change it records. */
export interface OutboxEventsTable {
  seq: ColumnType<bigint, never, never>;
  id: Generated<string>;
  type: string;
  version: Generated<number>;
  /** What events are ordered by (a reservation, a wallet, a concert's queue): `reservation:<id>`. */
  aggregate_key: string;
  concert_id: string | null;
  data: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
  /** When the relay fanned the event out into deliveries; null while it waits. */
  dispatched_at: Timestamp | null;
}

export interface WebhooksTable {
  id: Generated<string>;
  url: string;
  secret: string;
  /** Event types wanted; null means all. */
  events: string[] | null;
  /** Only this concert's events; null means every concert. */
  concert_id: string | null;
  created_at: CreatedAt;
}

export interface EventDeliveriesTable {
  id: Generated<bigint>;
  event_seq: bigint;
  /** `webhook:<id>` or `broker`. */
  target: string;
  webhook_id: string | null;
  aggregate_key: string;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** A relay sending this delivery owns it until then. */
  leased_until: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: CreatedAt;
}

/** The operator's sale timeline: one row per concert per 10 s tick (modules/admin/sale-timeline.ts). */
export interface SaleSamplesTable {
  concert_id: string;
  sampled_at: Timestamp;
  waiting: number;
  active: number;
  admitted_last_minute: number;
  held_seats: number;
  sold_seats: number;
  revenue: Money;
}

export interface DB {
  users: UsersTable;
  concerts: ConcertsTable;
  search_vocabulary: SearchVocabularyTable;
  performances: PerformancesTable;
  venue_layouts: VenueLayoutsTable;
  performance_prices: PerformancePricesTable;
  seats: SeatsTable;
  reservations: ReservationsTable;
  reservation_seats: ReservationSeatsTable;
  wallet_accounts: WalletAccountsTable;
  wallet_ledger: WalletLedgerTable;
  payments: PaymentsTable;
  idempotency_keys: IdempotencyKeysTable;
  queue_turns: QueueTurnsTable;
  outbox_events: OutboxEventsTable;
  webhooks: WebhooksTable;
  event_deliveries: EventDeliveriesTable;
  sale_samples: SaleSamplesTable;
}
