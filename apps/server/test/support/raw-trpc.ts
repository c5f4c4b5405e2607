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
