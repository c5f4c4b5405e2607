/**
 * The venue map alone, with no server: the test hands it a layout and an availability answer and then feeds it
 * events, so the map's own costs (first paint, a click, a live change) are measured apart from the network.
 */
import {
  applySeatEvent,
  decodeAvailability,
  type SeatAvailability,
  type SeatAvailabilityEvent,
  type VenueLayout,
} from '@tix/sdk';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { VenueMap } from '../../src/screens/seat-map/venue-map';
import '../../src/styles/base.css';
import '../../src/styles/screens.css';
import '../../src/styles/seat-map.css';
import '../../src/styles/phone.css';

let push: (event: SeatAvailabilityEvent) => void = () => {};
const holds: unknown[] = [];

function Harness({ layout, answer }: { layout: VenueLayout; answer: SeatAvailability }) {
  const [state, setState] = useState(() => decodeAvailability(answer));
  push = (event) => setState((s) => applySeatEvent(s, event));
  return (
    <VenueMap
      layout={layout}
      availability={state}
      max={4}
      onHold={(request) => {
        holds.push(request);
        return Promise.resolve({ ok: true });
      }}
    />
  );
}

Object.assign(window, {
  tixHarness: {
    mount(layout: VenueLayout, answer: SeatAvailability) {
      createRoot(document.getElementById('root')!).render(<Harness layout={layout} answer={answer} />);
    },
    event: (e: SeatAvailabilityEvent) => push(e),
    holds,
  },
});
