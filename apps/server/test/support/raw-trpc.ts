/** Raw tRPC-over-HTTP calls (no SDK), to send what a typed client never would: wrong types, broken JSON. */
export interface RawResult {
  status: number;
  headers: Headers;
  body: {
    result?: { data?: { json?: unknown } };
    error?: {
      json?: { message: string; data: { domainCode: string; fields?: string[]; httpStatus: number } };
    };
  };
}

export async function rawCall(
  baseUrl: string,
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResult> {
  const url = `${baseUrl}/trpc/${path}`;
  const encoded = input === undefined ? undefined : JSON.stringify({ json: input });
  const response =
    kind === 'query'
      ? await fetch(encoded === undefined ? url : `${url}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: encoded ?? '',
        });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as RawResult['body'],
  };
}

export async function rawBody(
  baseUrl: string,
  path: string,
  body: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as RawResult['body'],
  };
}

/** Signs in (or up) over raw HTTP and returns the Authorization header to send as that user. */
export async function rawSession(
  baseUrl: string,
  procedure: 'auth.signIn' | 'auth.signUp',
  credentials: { username: string; password: string },
): Promise<{ authorization: string }> {
  const res = await rawCall(baseUrl, 'mutation', procedure, credentials);
  const { sessionToken } = res.body.result?.data?.json as { sessionToken: string };
  return { authorization: `Bearer ${sessionToken}` };
}

/** The first concert of the public list (the demo data's first concert). */
export async function firstConcertId(baseUrl: string): Promise<string> {
  const list = await rawCall(baseUrl, 'query', 'concert.list', {});
  return (list.body.result?.data?.json as { items: { concertId: string }[] }).items[0]!.concertId;
}
