/** The metrics token test servers are started with, and a scrape of /metrics as Prometheus would send it. */
export const testMetricsToken = 'test-metrics-token-0123456789';

export async function readMetrics(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${testMetricsToken}` },
  });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}
