import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { errorSchema } from './errors.js';

/**
 * The app as routes see it: request types (body, params, query) are inferred from each
 * route's JSON schema (json-schema-to-ts), so a handler never casts `req.*`. Write schemas
 * `as const` for the inference to work.
 */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, JsonSchemaToTsProvider>;

/** Shared pieces of the route schemas (they also make the OpenAPI document). */
/** Integers the databases can hold: a larger id must be a 400, not a database error. */
export const int32 = { type: 'integer', minimum: 0, maximum: 2147483647 } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id: { ...int32, minimum: 1 } } } as const;
export const itemParams = { type: 'object', required: ['itemId'], properties: { itemId: { ...int32, minimum: 1 } } } as const;

export const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
} as const;

export const anyObject = { type: 'object', additionalProperties: true } as const;

const SECURITY: { [label: string]: string[] }[] = [{ session: [] }, { bearer: [] }];

export function op(operationId: string, tag: string, summary: string, extra: Record<string, unknown> = {}) {
  return { operationId, tags: [tag], summary, security: SECURITY, ...extra };
}

/**
 * A file answered as it is (XLSX, PDF): OpenAPI describes it as `string`/`binary`, which is
 * what the typed reply expects; the bytes go to the client untouched.
 */
export const binary = (bytes: Uint8Array): string => bytes as unknown as string;

type JsonSchema = Record<string, unknown>;

/**
 * A request body described for the OpenAPI document only. Fastify does not validate an
 * upload against a schema (a multipart body is read as a stream by `receiveUpload`, raw
 * bytes by the route's content-type parser), so the body cannot be the route's `body`;
 * `forDocument` (the swagger `transform` of app.ts) makes it the operation's requestBody.
 */
const DOCUMENTED_BODY = 'documentedBody';

/**
 * An upload as multipart/form-data: its text fields (with their limits), then the file,
 * always the part named "file" (the web client's `postFile` sends the fields first, as
 * `receiveUpload` reads the fields that come before the file). Spread into `op(…)`'s extra.
 */
export function multipartUpload(file: string, fields: Record<string, JsonSchema> = {}, required: string[] = []) {
  return {
    consumes: ['multipart/form-data'],
    [DOCUMENTED_BODY]: {
      type: 'object',
      additionalProperties: false,
      required: [...required, 'file'],
      properties: { ...fields, file: { type: 'string', format: 'binary', description: `${file} (tối đa MAX_UPLOAD_MB, mặc định 50 MB; loại tệp xét theo nội dung)` } },
    },
  };
}

/** An upload whose request body is the file itself (an edXML package, an XLSX), of one of these types. */
export function rawUpload(types: string[], description: string) {
  return { consumes: types, [DOCUMENTED_BODY]: { type: 'string', format: 'binary', description } };
}

/**
 * The route's schema as the OpenAPI document shows it (the swagger `transform`): a
 * documented-only body becomes the request body, and a file-answering route's `produces`
 * applies to its success only — its errors are the JSON error shape, not a PDF.
 */
export function forDocument(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return schema;
  const { [DOCUMENTED_BODY]: documented, produces, ...rest } = schema;
  const out: JsonSchema = documented ? { ...rest, body: documented } : rest;
  const response = schema.response as Record<string, JsonSchema> | undefined;
  if (!Array.isArray(produces) || !response) return produces ? { ...out, produces } : out;
  const responses: Record<string, JsonSchema> = {};
  for (const [code, r] of Object.entries(response)) {
    const wrap = code.startsWith('2') && r.type !== 'null' && !r.content;
    responses[code] = wrap ? { description: r.description ?? 'Tệp (the file)', content: Object.fromEntries((produces as string[]).map((t) => [t, { schema: r }])) } : r;
  }
  return { ...out, response: responses };
}
