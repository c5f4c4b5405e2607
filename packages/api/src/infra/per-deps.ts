/**
 * A map of process-local state kept beside one set of dependencies (tests build many in one process, so module-level
 * state would leak between them), created on first use and gone with the deps.
 */
export function perDeps<V>(): (deps: object) => Map<string, V> {
  const maps = new WeakMap<object, Map<string, V>>();
  return (deps) => {
    let map = maps.get(deps);
    if (!map) {
      map = new Map();
      maps.set(deps, map);
    }
    return map;
  };
}
