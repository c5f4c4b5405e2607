/** Every scenario, in the order a full run takes them. */
import { catalog } from './catalog.js';
import { faults } from './faults.js';
import { flashSale } from './flash-sale.js';
import { holds } from './holds.js';
import { leanPosition } from './lean-position.js';
import { hotSeat } from './hot-seat.js';
import { lockStrategies } from './lock-strategies.js';
import { mapLoad } from './map-load.js';
import { outbox } from './outbox.js';
import { overload } from './overload.js';
import { queueStorm } from './queue-storm.js';
import { roomSubscribers } from './room-subscribers.js';
import { runtimes } from './runtimes.js';
import { search } from './search.js';
import type { Scenario } from './types.js';
import { waitingRoom } from './waiting-room.js';
import { venues } from './venues.js';

export const scenarios: Scenario[] = [
  catalog,
  leanPosition,
  queueStorm,
  waitingRoom,
  roomSubscribers,
  hotSeat,
  holds,
  flashSale,
  overload,
  lockStrategies,
  runtimes,
  outbox,
  search,
  venues,
  faults,
  mapLoad,
];
