/**
 * The API typed from the OpenAPI document: `schema.d.ts` is generated from it
 * (`npm run gen:api`, run by build:web and typecheck), never edited. `Json<'/api/v1/inbox', 'get'>`
 * is what an operation answers; `client` is openapi-fetch with the session cookie and the
 * CSRF header of `api.ts`, answering the data or throwing the same `ApiError`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { csrfHeader, errorOf } from '../api';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Ok<R> = R extends { 200: infer A } ? A : R extends { 201: infer A } ? A : never;
type Content<A> = A extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON an operation answers on success (200, or 201 for a creation). */
export type Json<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R } ? Content<Ok<R>> : never;
/** The JSON body an operation takes. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query an operation takes. */
export type QueryOf<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

const session: Middleware = {
  onRequest({ request }) {
    const h = csrfHeader(request.method);
    if (h) request.headers.set('x-csrf-token', h);
    return request;
  },
  async onResponse({ response, request }) {
    if (!response.ok) throw await errorOf(response, new URL(request.url).pathname);
    return response;
  },
};

export const client = createClient<paths>({ credentials: 'same-origin' });
client.use(session);

/**
 * The data of a call through `client`: a failed answer has already thrown its ApiError in the
 * middleware, so what is left is the success (an empty body for a 204).
 */
export async function answer<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}
