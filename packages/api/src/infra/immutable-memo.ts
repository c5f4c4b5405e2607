/**
 * Remembers, per server process, values that never change once they exist (a performance's concert and date, its
 * seat numbers, grades and prices), so hot reads stop asking the database for them. Bounded: the oldest entry goes
 * when it is full. A load that finds nothing (null) or fails is not remembered.
 */
export interface ImmutableMemo {
  get<T>(key: string, load: () => Promise<T | null | undefined>): Promise<T | null>;
}

export function createImmutableMemo(maxEntries = 2_000): ImmutableMemo {
  const entries = new Map<string, Promise<unknown>>();
  return {
    async get<T>(key: string, load: () => Promise<T | null | undefined>): Promise<T | null> {
      const known = entries.get(key);
      if (known) return (await known) as T;
      const loading = load();
      const value = await loading;
      if (value === null || value === undefined) return null;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, Promise.resolve(value));
      return value;
    },
  };
}
