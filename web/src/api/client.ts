/**
 * The API typed from the OpenAPI document: `schema.d.ts` is generated from it
 * (`npm run gen:api`, run by build:web and typecheck), never edited. `Json<'/api/v1/inbox', 'get'>`
 * is what an operation answers; `client` is openapi-fetch with the session cookie and the
 * CSRF header of `api.ts`, answering the data or throwing the same `ApiError`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiError, csrfHeader, errorOf, networkError } from '../api';

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
  // fetch itself failed (offline, server down): say so in words, as api.ts does; a cancelled request stays an AbortError.
  onError({ error }) {
    return error instanceof Error && error.name === 'AbortError' ? error : networkError();
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

/** The path and query parameters an operation takes, as the generated `paths` say. */
export type ParamsOf<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: infer X } ? Pick<X, Extract<keyof X, 'path' | 'query'>> : never;
type PostPath = { [P in keyof paths]: paths[P] extends { post: object } ? P : never }[keyof paths];
type GetPath = { [P in keyof paths]: paths[P] extends { get: object } ? P : never }[keyof paths];

/** `/api/v1/plans/{id}` with { path: { id: 3 }, query: { from: 2 } } → `/api/v1/plans/3?from=2` (empty query values left out). */
function urlOf(template: string, params?: { path?: unknown; query?: unknown }): string {
  const path = (params?.path ?? {}) as Record<string, string | number>;
  const url = template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(path[k])));
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries((params?.query ?? {}) as Record<string, unknown>)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `${url}?${s}` : url;
}

/** A link to a GET operation (an export the browser downloads itself), its path and query typed from `paths`. */
export function href<P extends GetPath>(path: P, ...[params]: ParamsOf<P, 'get'> extends { path: unknown } ? [ParamsOf<P, 'get'>] : [ParamsOf<P, 'get'>?]): string {
  return urlOf(path, params as { path?: unknown; query?: unknown } | undefined);
}

/**
 * The file a GET answers (`client.GET(path, { parseAs: 'blob' })`) with the name the server
 * gives in Content-Disposition; a failed answer has already thrown its ApiError.
 */
export async function fileOf(call: Promise<{ data?: Blob; response: Response }>): Promise<{ blob: Blob; fileName: string }> {
  const { data, response } = await call;
  const cd = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  const fileName = star ? decodeURIComponent(star[1]!) : (plain?.[1] ?? 'download');
  return { blob: data!, fileName };
}

/** The request bodies an operation takes, by content type, as the generated `paths` say. */
type RequestContent<P extends keyof paths> = paths[P]['post'] extends { requestBody?: { content: infer C } } ? C : never;
/**
 * What an upload sends: for a multipart route, its described fields with the file part
 * ("file") a File or Blob — a field the route does not describe fails `npm run typecheck`;
 * for a route whose body is the file itself (edXML, XLSX), the bytes.
 */
export type UploadBody<P extends keyof paths> = RequestContent<P> extends { 'multipart/form-data': infer F } ? { [K in keyof F]: K extends 'file' ? Blob : F[K] } : Blob;
/** The content types a raw upload may be sent as (none for a multipart one: the browser sets its boundary). */
type RawType<P extends keyof paths> = RequestContent<P> extends { 'multipart/form-data': unknown } ? never : Extract<keyof RequestContent<P>, string>;

/** The multipart form of an upload: the text fields first (the server reads those before the file), then the file. */
function formData(body: Record<string, unknown>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(body)) if (k !== 'file' && v !== undefined && v !== null) fd.append(k, String(v));
  const file = body.file as Blob;
  fd.append('file', file, file instanceof File ? file.name : 'file');
  return fd;
}

/**
 * The one call fetch cannot make: a POST whose upload progress a screen shows (fetch reports
 * none). The body is typed from the route's request body: the fields of a multipart upload
 * (`{ file, role }`), or the raw bytes with their type (an edXML package, an XLSX); path,
 * parameters and answer are typed from `paths` like `client`'s, and a failed answer is the
 * same ApiError.
 */
export function postFile<P extends PostPath>(
  path: P,
  init: { params?: ParamsOf<P, 'post'>; body: UploadBody<P>; contentType?: RawType<P>; onProgress?: (percent: number) => void },
): Promise<Json<P, 'post'>> {
  const url = urlOf(path, init.params as { path?: unknown; query?: unknown } | undefined);
  const payload = init.body instanceof Blob ? init.body : formData(init.body as Record<string, unknown>);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    const csrf = csrfHeader('POST');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.setRequestHeader('accept', 'application/json');
    if (init.contentType) xhr.setRequestHeader('content-type', init.contentType);
    xhr.upload.onprogress = (e) => e.lengthComputable && init.onProgress?.(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      const type = xhr.getResponseHeader('content-type') ?? '';
      const body = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: { 'content-type': type } });
      if (xhr.status >= 200 && xhr.status < 300) {
        init.onProgress?.(100);
        resolve((xhr.status === 204 || !xhr.responseText ? undefined : JSON.parse(xhr.responseText)) as Json<P, 'post'>);
        return;
      }
      // A 413 from in front of the application has no JSON: say what it means.
      if (xhr.status === 413 && !type.includes('json')) {
        reject(new ApiError(413, 'too_large', 'Tệp vượt quá giới hạn dung lượng cho phép.', 'The file is larger than allowed.', 'file'));
        return;
      }
      void errorOf(body, path).then(reject);
    };
    xhr.send(payload);
  });
}
