/**
 * Each server's view of a concert's line: ONE subscription per concert per server, fed by the admission step's
 * broadcast (queue.jobs.ts), which every live watcher on this server then uses to move its own place locally
 * (line-position.ts). A broadcast that does not follow on from the last one (lost, or out of order between servers)
 * and any other message on the channel (the operator's settings) make the server read the missed changes from the
 * engine: one read per server, not one per watcher.
 */
import type { Deps } from '../../deps.js';
import { perDeps } from '../../infra/per-deps.js';
import type { LineBatch } from './queue-line.js';
import { queueChannel } from './queue.service.js';
import { advancePlace, concernsPlace, summarize, type LinePlace, type LineSummary } from './line-position.js';

/** The broadcast of one admission step: the line's changes since the last step that published. */
export interface LineMessage extends LineBatch {
  kind: 'line';
}

/** How many batches a server keeps for places read a little while ago (one step each; a second apart). */
const KEEP_BATCHES = 300;
/** Watchers a change does not concern are woken this many at a time, each slice its own turn of the event loop. */
const WAKE_SLICE = 200;

interface Watcher {
  wake: () => void;
  /** The watcher's order score while it holds a WAITING place moved from the feed; null otherwise. */
  order: () => number | null;
}

interface Feed {
  /** The number of the last change applied; null until the first place or batch tells where the line stands. */
  applied: number | null;
  /** The summaries account for every change after this number (a place read before it is read again). */
  floor: number;
  summaries: LineSummary[];
  watchers: Set<Watcher>;
  unsubscribe: () => void;
  syncing: Promise<void> | null;
  syncAgain: boolean;
}

const feedsOf = perDeps<Feed>();

export interface FeedHandle {
  /** The place after the changes this server has applied; null when an exact read is needed. */
  advance(place: LinePlace): LinePlace | null;
  /** Says where an exact read stood, so a new feed knows where to start. */
  anchor(lineIndex: number): void;
  leave(): void;
}

/**
 * Joins the concert's feed on this server; `wake` runs after every change to the line (and settings change): at
 * once when the change may concern the watcher's own place (`order`), in a later slice otherwise.
 */
export function joinFeed(
  deps: Deps,
  concertId: string,
  wake: () => void,
  order: () => number | null = () => null,
): FeedHandle {
  const feeds = feedsOf(deps);
  let feed = feeds.get(concertId);
  if (!feed) {
    const created: Feed = {
      applied: null,
      floor: Number.POSITIVE_INFINITY,
      summaries: [],
      watchers: new Set(),
      unsubscribe: () => {},
      syncing: null,
      syncAgain: false,
    };
    created.unsubscribe = deps.pubsub.subscribe(queueChannel(concertId), (message) => {
      if (isLineMessage(message)) applyBatch(deps, concertId, created, message);
      else void sync(deps, concertId, created);
    });
    feeds.set(concertId, (feed = created));
  }
  const mine = feed;
  const watcher: Watcher = { wake, order };
  mine.watchers.add(watcher);
  return {
    advance: (place) => (place.at < mine.floor ? null : advancePlace(place, mine.summaries)),
    anchor(lineIndex) {
      if (mine.applied !== null) return;
      mine.applied = lineIndex;
      mine.floor = lineIndex;
    },
    leave() {
      mine.watchers.delete(watcher);
      if (mine.watchers.size > 0) return;
      mine.unsubscribe();
      feeds.delete(concertId);
    },
  };
}

/** The admission step's own changes, applied here before they are broadcast (the broadcast then repeats them). */
export function applyLine(deps: Deps, concertId: string, batch: LineBatch): void {
  const feed = feedsOf(deps).get(concertId);
  if (feed) applyBatch(deps, concertId, feed, batch);
}

function isLineMessage(message: unknown): message is LineMessage {
  const m = message as Partial<LineMessage> | null;
  return m?.kind === 'line' && typeof m.from === 'number' && Array.isArray(m.changes);
}

function applyBatch(deps: Deps, concertId: string, feed: Feed, batch: LineBatch): void {
  const to = batch.from + batch.changes.length - 1;
  if (feed.applied === null) feed.applied = feed.floor = batch.from - 1;
  if (batch.from > feed.applied + 1) {
    void sync(deps, concertId, feed);
    return;
  }
  let summary: LineSummary | undefined;
  if (to > feed.applied) {
    const fresh = batch.changes.slice(feed.applied + 1 - batch.from);
    summary = summarize({ from: feed.applied + 1, changes: fresh });
    feed.summaries.push(summary);
    if (feed.summaries.length > KEEP_BATCHES) {
      feed.summaries.splice(0, feed.summaries.length - KEEP_BATCHES);
      feed.floor = feed.summaries[0]!.from - 1;
    }
    feed.applied = to;
  }
  // Also for a batch with nothing new: a turn may have ended (ACTIVE watchers read again on every broadcast).
  wakeAll(feed, summary);
}

/** Reads what this server missed from the engine (one call however many watch here); serialised per feed. */
function sync(deps: Deps, concertId: string, feed: Feed): Promise<void> {
  if (feed.syncing) {
    feed.syncAgain = true;
    return feed.syncing;
  }
  feed.syncing = (async () => {
    do {
      feed.syncAgain = false;
      if (feed.applied === null) continue;
      const read = await deps.queue.lineSince(concertId, feed.applied).catch(() => null);
      if (read === null) continue;
      if ('resetTo' in read) {
        // The log does not reach back: every place here is read exactly once more.
        feed.summaries = [];
        feed.applied = feed.floor = read.resetTo;
      } else if (read.changes.length > 0) applyBatch(deps, concertId, feed, read);
    } while (feed.syncAgain);
    wakeAll(feed);
  })().finally(() => {
    feed.syncing = null;
  });
  return feed.syncing;
}

/**
 * Wakes the watchers a change may concern first (those let in, those who left, ACTIVE ones, places not moved from
 * the feed), so their exact reads go out at once; then the rest, a slice per turn of the event loop, so thousands
 * of views worked out again do not hold up the replies to those reads (the admission reaching the screen).
 */
function wakeAll(feed: Feed, summary?: LineSummary): void {
  const later: Watcher[] = [];
  for (const watcher of feed.watchers) {
    const order = watcher.order();
    if (order === null || (summary && concernsPlace(summary, order))) watcher.wake();
    else later.push(watcher);
  }
  wakeInSlices(later, 0);
}

function wakeInSlices(watchers: Watcher[], from: number): void {
  if (from >= watchers.length) return;
  setImmediate(() => {
    for (const watcher of watchers.slice(from, from + WAKE_SLICE)) watcher.wake();
    wakeInSlices(watchers, from + WAKE_SLICE);
  });
}
