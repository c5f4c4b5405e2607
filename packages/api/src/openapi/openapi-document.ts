/**
 * The OpenAPI 3.1 document of the API, generated from the router itself: every procedure's path and kind from
 * `appRouter`, its input from the Zod schema the procedure parses with, its answer from procedure-outputs.ts, its
 * credentials and codes from procedure-contract.ts. Zod 4's own `z.toJSONSchema` turns schemas into JSON Schema
 * 2020-12 (the dialect of OpenAPI 3.1), so no converter library is needed. Served at /openapi.json.
 *
 * It documents the plain-JSON way to call /trpc (docs/api.md, "Plain HTTP+JSON"): the input wrapped as
 * `{"json": input}`, the answer read from `result.data.json`, dates as ISO 8601 strings, money as whole won.
 */
import { getStatusCodeFromKey } from '@trpc/server/unstable-core-do-not-import';
import { z } from 'zod';
import { domainCodes, trpcCodeOf, type DomainCode } from '../errors.js';
import { appRouter } from '../router.js';
import {
  procedureContracts,
  type Need,
  type ProcedureContract,
  type ProcedurePath,
} from './procedure-contract.js';
import { procedureOutputs, subscriptionEvents } from './procedure-outputs.js';

type JsonSchema = Record<string, unknown>;

/** Dates travel as ISO 8601 strings (superjson's `json` part); everything else Zod converts itself. */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'date') {
        jsonSchema.type = 'string';
        jsonSchema.format = 'date-time';
      }
    },
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Codes any call may get from the HTTP edge, whatever the procedure. */
const edgeCodes: readonly DomainCode[] = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'OVERLOADED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
];

const codesOfNeed: Record<Need, readonly DomainCode[]> = {
  session: ['UNAUTHENTICATED'],
  admin: ['UNAUTHENTICATED', 'FORBIDDEN'],
  queueToken: [],
  activeQueueToken: [],
};

/** Every code a procedure can answer, in the closed set's order. */
export function codesOf(contract: ProcedureContract, type: string): DomainCode[] {
  const codes = new Set<DomainCode>([...edgeCodes, ...contract.errors]);
  for (const need of contract.needs) for (const code of codesOfNeed[need]) codes.add(code);
  if (contract.rateLimited) codes.add('RATE_LIMITED');
  codes.add('METHOD_NOT_SUPPORTED');
  if (type === 'mutation') codes.add('UNSUPPORTED_MEDIA_TYPE');
  return domainCodes.filter((code) => codes.has(code));
}

export function httpStatusOf(code: DomainCode): number {
  return getStatusCodeFromKey(trpcCodeOf(code));
}

const securityOf: Record<Need, Record<string, string[]>> = {
  session: { session: [] },
  admin: { session: [] },
  queueToken: { queueToken: [] },
  activeQueueToken: { queueToken: [] },
};

function errorBody(codes: DomainCode[]): JsonSchema {
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['json'],
        properties: {
          json: {
            type: 'object',
            required: ['message', 'code', 'data'],
            properties: {
              message: { type: 'string' },
              code: { type: 'integer', description: 'the JSON-RPC code of the tRPC error' },
              data: {
                type: 'object',
                required: ['domainCode', 'code', 'httpStatus'],
                properties: {
                  domainCode: { enum: codes },
                  code: { type: 'string', description: 'the tRPC code' },
                  httpStatus: { type: 'integer' },
                  path: { type: 'string' },
                  fields: { type: 'array', items: { type: 'string' } },
                  issues: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { field: { type: 'string' }, message: { type: 'string' } },
                    },
                  },
                  position: { type: 'integer' },
                  retryAfterSeconds: { type: 'number' },
                  dependency: { enum: ['redis', 'database'] },
                  shedClass: { type: 'string' },
                },
              },
            },
          },
          meta: { type: 'object' },
        },
      },
    },
  };
}

function errorResponses(codes: DomainCode[]): Record<string, unknown> {
  const byStatus = new Map<number, DomainCode[]>();
  for (const code of codes)
    byStatus.set(httpStatusOf(code), [...(byStatus.get(httpStatusOf(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, inStatus]) => [
      String(status),
      {
        description: inStatus.join(', '),
        ...((status === 429 || status === 503) && {
          headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
        }),
        content: { 'application/json': { schema: errorBody(inStatus) } },
      },
    ]),
  );
}

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.ZodType[] };
}

function outputOf(path: ProcedurePath): z.ZodType {
  const [module, name] = path.split('.') as [keyof typeof procedureOutputs, string];
  const schema = (procedureOutputs[module] as Record<string, z.ZodType>)[name];
  if (!schema) throw new Error(`no output schema for ${path}`);
  return schema;
}

function operation(path: ProcedurePath, procedure: ProcedureDef): [string, JsonSchema] {
  const { type, inputs } = procedure._def;
  const contract = procedureContracts[path];
  const input = inputs[0];
  const codes = codesOf(contract, type);
  const inputEnvelope = input && {
    type: 'object',
    required: ['json'],
    properties: { json: toSchema(input, 'input') },
  };
  const inputOptional = !input || input.safeParse(undefined).success;
  const security = contract.needs.map((need) => securityOf[need]);
  const needs =
    contract.needs.length === 0
      ? 'no credentials'
      : `needs: ${contract.needs.join(', ')}`.replace('activeQueueToken', 'an ACTIVE queue token');
  const success =
    type === 'subscription'
      ? {
          description:
            'A stream of server-sent events; each `data` is `{"json": event}` (superjson), and an ended stream carries the error.',
          content: {
            'text/event-stream': {
              schema: { type: 'string' },
              'x-event': toSchema(subscriptionEvents[path as keyof typeof subscriptionEvents], 'output'),
            },
          },
        }
      : {
          description:
            'The answer, as `result.data.json` (`meta` appears when the answer has dates; a plain-JSON client ignores it).',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['result'],
                properties: {
                  result: {
                    type: 'object',
                    required: ['data'],
                    properties: {
                      data: {
                        type: 'object',
                        required: ['json'],
                        properties: { json: toSchema(outputOf(path), 'output'), meta: { type: 'object' } },
                      },
                    },
                  },
                },
              },
            },
          },
        };
  const op: JsonSchema = {
    operationId: path,
    tags: [path.split('.')[0]],
    summary: contract.summary,
    description: `tRPC ${type}; ${needs}. Domain codes: ${codes.join(', ')}.`,
    'x-trpc-type': type,
    'x-domain-codes': codes,
    ...(security.length > 0 && { security: [Object.assign({}, ...security) as Record<string, string[]>] }),
    responses: { '200': success, ...errorResponses(codes) },
  };
  if (type === 'mutation') {
    op.requestBody = {
      required: !inputOptional,
      content: { 'application/json': { schema: inputEnvelope ?? { type: 'object' } } },
    };
  } else if (inputEnvelope) {
    op.parameters = [
      {
        name: 'input',
        in: 'query',
        required: !inputOptional,
        description: 'The input as JSON text, `{"json": input}`, URL-encoded.',
        content: { 'application/json': { schema: inputEnvelope } },
      },
    ];
  }
  return [type === 'mutation' ? 'post' : 'get', op];
}

let cached: JsonSchema | undefined;

/** The document, built once (the router does not change while the process runs). */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const procedures = (appRouter._def as unknown as { procedures: Record<string, ProcedureDef> }).procedures;
  const paths = Object.fromEntries(
    Object.keys(procedures)
      .sort()
      .map((path) => {
        const [method, op] = operation(path as ProcedurePath, procedures[path]!);
        return [`/trpc/${path}`, { [method]: op }];
      }),
  );
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'tix API',
      version: '1',
      description:
        'Every tRPC procedure of tix over plain HTTP+JSON. Send the input as `{"json": input}` (GET `?input=` for queries, a POST body for mutations) and read the answer from `result.data.json`; dates are ISO 8601 strings, money whole won as integers. The human-readable reference is at /docs; the rules are in docs/api.md and docs/domain.md.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: {
          type: 'http',
          scheme: 'bearer',
          description: 'the sessionToken from auth.signUp or auth.signIn',
        },
        queueToken: {
          type: 'apiKey',
          in: 'header',
          name: 'x-queue-token',
          description: 'the token from queue.join',
        },
      },
    },
    paths,
  };
  return cached;
}
