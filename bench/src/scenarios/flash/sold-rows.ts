/** The flash sale's "seats sold over time" chart: one sample a second, thinned to about 30 rows. */

/** At most ~30 rows: one sample every k seconds. */
export function soldRows(samples: number[]): { label: string; value: number }[] {
  const step = Math.max(1, Math.ceil(samples.length / 30));
  return samples
    .map((value, i) => ({ label: `${String(i + 1).padStart(3)} s`, value }))
    .filter((_, i) => (i + 1) % step === 0 || i === samples.length - 1);
}
