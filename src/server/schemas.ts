import { errorSchema } from './errors.js';

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
