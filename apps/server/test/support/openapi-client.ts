/**
 * A client that knows only the OpenAPI document, as one in another language would: it calls an operation by its
 * id over raw HTTP (fetch, plain JSON, `{"json": input}`), and validates every answer against the document's
 * schema for that operation and status (ajv, JSON Schema 2020-12, with formats), so an answer the document does
 * not describe fails the test.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

interface Operation {
  path: string;
  method: 'get' | 'post';
  spec: { responses: Record<string, { content?: Record<string, { schema?: Json }> }> };
}

export interface DocumentedAnswer {
  status: number;
  headers: Headers;
  body: Json;
  /** `result.data.json` of a success. */
  data: unknown;
  /** `error.json.data.domainCode` of an error. */
  domainCode: string | undefined;
}

export function openApiClient(baseUrl: string, document: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, spec] of Object.entries(item)) {
      operations.set(spec.operationId as string, {
        path,
        method: method as Operation['method'],
        spec: spec as Operation['spec'],
      });
    }
  }
  const validators = new Map<string, ValidateFunction>();
  const called = new Set<string>();

  function validatorFor(operationId: string, status: number, mediaType: string): ValidateFunction {
    const key = `${operationId} ${status} ${mediaType}`;
    const known = validators.get(key);
    if (known) return known;
    const response = operations.get(operationId)!.spec.responses[String(status)];
    const schema = response?.content?.[mediaType]?.schema;
    if (!schema) throw new Error(`${operationId}: the document has no ${status} ${mediaType} answer`);
    const validate = ajv.compile(schema);
    validators.set(key, validate);
    return validate;
  }

  function check(operationId: string, status: number, body: unknown): void {
    const validate = validatorFor(operationId, status, 'application/json');
    if (!validate(body)) {
      throw new Error(
        `${operationId} answered ${status} off the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 800)}`,
      );
    }
  }

  return {
    operationIds: () => [...operations.keys()],
    called: () => [...called],
    /** Calls an operation as the document says (GET ?input= or a POST body) and validates the answer. */
    async call(
      operationId: string,
      input?: unknown,
      headers: Record<string, string> = {},
    ): Promise<DocumentedAnswer> {
      const operation = operations.get(operationId);
      if (!operation) throw new Error(`no operation ${operationId} in the document`);
      called.add(operationId);
      const envelope = input === undefined ? undefined : JSON.stringify({ json: input });
      let url = `${baseUrl}${operation.path}`;
      const init: RequestInit = { method: operation.method.toUpperCase(), headers: { ...headers } };
      if (operation.method === 'get') {
        if (envelope !== undefined) url += `?input=${encodeURIComponent(envelope)}`;
      } else {
        init.headers = { 'content-type': 'application/json', ...headers };
        init.body = envelope ?? '';
      }
      const response = await fetch(url, init);
      const body = (await response.json()) as Json;
      check(operationId, response.status, body);
      const result = body.result as { data: { json: unknown } } | undefined;
      const error = body.error as { json: { data: { domainCode: string } } } | undefined;
      return {
        status: response.status,
        headers: response.headers,
        body,
        data: result?.data.json,
        domainCode: error?.json.data.domainCode,
      };
    },
    /** Opens a subscription's event stream, validates its first data event against `x-event`, and closes it. */
    async firstEvent(operationId: string, input: unknown, headers: Record<string, string>): Promise<unknown> {
      const operation = operations.get(operationId)!;
      called.add(operationId);
      const media = operation.spec.responses['200']!.content!['text/event-stream'] as { 'x-event': Json };
      const abort = new AbortController();
      const url = `${baseUrl}${operation.path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
      const response = await fetch(url, { headers, signal: abort.signal });
      if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
        throw new Error(`${operationId}: not an event stream (${response.status})`);
      }
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`${operationId}: the stream ended before an event`);
          text += value;
          const line = text.split('\n').find((l) => l.startsWith('data: ') && l.includes('"json"'));
          if (line) {
            const event = (JSON.parse(line.slice('data: '.length)) as { json: unknown }).json;
            const validate = ajv.compile(media['x-event']);
            if (!validate(event))
              throw new Error(`${operationId} event off the document: ${ajv.errorsText(validate.errors)}`);
            return event;
          }
        }
      } finally {
        abort.abort();
      }
    },
  };
}
