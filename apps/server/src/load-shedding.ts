/**
 * The load shedder (`@tix/api`'s load/load-shedder.ts) for this host, the first rule on /trpc (trpc-rules.ts): a
 * refused call costs one path split and one write. An admitted call counts as in flight until its response closes,
 * which covers a finished answer and a client that went away alike.
 */
import type { ServerResponse } from 'node:http';
import { createLoadShedder, type EnvelopeRefusal, type LoadGauges, type LoadLimits } from '@tix/api';

/** Admits the call at `procedurePath` (null) or gives the refusal to answer with. */
export function createCallShedder(limits: LoadLimits, gauges: LoadGauges) {
  const shedder = createLoadShedder(limits, gauges);
  return (procedurePath: string, res: ServerResponse): EnvelopeRefusal | null => {
    const admission = shedder.admit(procedurePath);
    if (admission.refused) return admission.refused;
    res.once('close', admission.release);
    return null;
  };
}
