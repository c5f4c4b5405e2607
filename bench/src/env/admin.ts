/**
 * The operator's side of a run, through the SDK as an operator's own tool would call it: sign in, create concerts,
 * configure the waiting room, read live stats.
 */
import { createClient, type RouterInputs, type TixClient } from '@tix/sdk';

export type CreateConcert = RouterInputs['admin']['createConcert'];

export interface AdminApi {
  client: TixClient;
  createConcert(
    input: Partial<Omit<CreateConcert, 'performances'>> & { seats?: number; performanceCount?: number },
  ): Promise<{
    concertId: string;
    performanceIds: string[];
  }>;
}

export async function signInAdmin(url: string, username: string, password: string): Promise<AdminApi> {
  const client = createClient({ url, batch: false });
  const { sessionToken } = await client.auth.signIn.mutate({ username, password });
  client.setSessionToken(sessionToken);
  return {
    client,
    async createConcert(input) {
      const { seats = 50, performanceCount = 1, ...rest } = input;
      const now = Date.now();
      const concert = await client.admin.createConcert.mutate({
        title: 'Bench Concert',
        venue: 'Bench Hall',
        saleOpensAt: new Date(now - 60_000),
        performances: Array.from({ length: performanceCount }, (_, i) => ({
          startsAt: new Date(now + (30 + i) * 24 * 3600_000),
          seats,
        })),
        ...rest,
      });
      return {
        concertId: concert.concertId,
        performanceIds: concert.performances.map((p) => p.performanceId),
      };
    },
  };
}
