/**
 * Remembers, per server process, values that never change once they exist (a performance's concert and date, its
 * seat numbers, grades and prices), so hot reads stop asking the database for them. Bounded: the oldest entry goes
 * when it is full (a seat layout of 10,000 seats is the largest entry). A load that finds nothing (null) or fails
 * is not remembered.
 */
export interface ImmutableMemo {
  get<T>(key: string, load: () => Promise<T | null | undefined>): Promise<T | null>;
}

export function createImmutableMemo(maxEntries = 1_000): ImmutableMemo {
  const entries = new Map<string, Promise<unknown>>();
  return {
    async get<T>(key: string, load: () => Promise<T | null | undefined>): Promise<T | null> {
      const known = entries.get(key);
      if (known) return (await known) as T | null;
      // Remembered while loading too, so a crowd arriving at once shares one load.
      const loading = load().then(
        (value) => value ?? null,
        (err: unknown) => {
          entries.delete(key);
          throw err;
        },
      );
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, loading);
      const value = await loading;
      if (value === null) entries.delete(key);
      return value;
    },
  };
}
