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
