/** One request through node:http, which sends any method (fetch refuses TRACE and CONNECT). */
import { request, type IncomingHttpHeaders } from 'node:http';

export interface NodeHttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export function sendWithNodeHttp(
  url: string,
  method: string,
  headers: Record<string, string> = {},
): Promise<NodeHttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}
