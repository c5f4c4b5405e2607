/**
 * Every procedure of the router with its kind and the shape of its input, read from the router itself, so a
 * procedure added later is fuzzed without anyone listing it.
 */
import { appRouter } from '@tix/api';

/** The structure of an input: which keys an object has and what an array holds; everything else is a leaf. */
export type InputShape =
  | { kind: 'object'; fields: Record<string, InputShape> }
  | { kind: 'array'; element: InputShape }
  | { kind: 'leaf' }
  | { kind: 'none' };

export interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  input: InputShape;
}

interface ZodLike {
  _zod?: {
    def: {
      type: string;
      shape?: Record<string, ZodLike>;
      element?: ZodLike;
      innerType?: ZodLike;
      in?: ZodLike;
    };
  };
}

/** Walks Zod 4's definitions through the wrappers (optional, default, pipe…) down to objects, arrays and leaves. */
function shapeOf(schema: ZodLike | undefined, depth = 0): InputShape {
  const def = schema?._zod?.def;
  if (!def || depth > 8) return { kind: 'leaf' };
  if (def.type === 'object' && def.shape) {
    const fields = Object.fromEntries(
      Object.entries(def.shape).map(([key, field]) => [key, shapeOf(field, depth + 1)]),
    );
    return { kind: 'object', fields };
  }
  if (def.type === 'array' && def.element) return { kind: 'array', element: shapeOf(def.element, depth + 1) };
  const inner = def.innerType ?? def.in;
  return inner ? shapeOf(inner, depth + 1) : { kind: 'leaf' };
}

interface ProcedureDef {
  _def: { type: ProcedureInfo['type']; inputs: ZodLike[] };
}

export function routerProcedures(): ProcedureInfo[] {
  const procedures = (appRouter._def as unknown as { procedures: Record<string, ProcedureDef> }).procedures;
  return Object.entries(procedures)
    .map(([path, procedure]) => ({
      path,
      type: procedure._def.type,
      input:
        procedure._def.inputs.length === 0 ? ({ kind: 'none' } as const) : shapeOf(procedure._def.inputs[0]),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
