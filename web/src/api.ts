/**
 * The session side of talking to the server: the CSRF header, the end of a session, the
 * server's errors in words. The calls themselves go through the generated client
 * (`web/src/api/client.ts`: `client`, `answer`, `postFile`, `fileOf`, `href`).
 */

import type { paths } from './api/schema';

/** The error every operation answers (400–5xx), as the OpenAPI document describes it. */
export type ApiErrorBody = paths['/api/v1/inbox']['get']['responses'][400]['content']['application/json'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly field?: string,
  ) {
    super(messageVi);
  }
}

let csrfToken = '';
export const setCsrfToken = (t: string | null | undefined) => {
  csrfToken = t ?? '';
};

/** Called when the server says the session is gone (401 outside sign-in). */
let onUnauthenticated: () => void = () => {};
export const setUnauthenticatedHandler = (fn: () => void) => {
  onUnauthenticated = fn;
};
/** For other channels (the event stream) that learn the session has ended. */
export const signalUnauthenticated = () => onUnauthenticated();

export const networkError = () =>
  new ApiError(0, 'network', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', 'Cannot reach the server. Check the network and try again.');

async function toError(res: Response): Promise<ApiError> {
  let body: ApiErrorBody | null = null;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    /* not JSON */
  }
  const e = body?.error;
  if (e?.message) return new ApiError(res.status, e.code ?? 'http_' + res.status, e.message, e.messageEn ?? e.message, e.field);
  return new ApiError(res.status, 'http_' + res.status, `Máy chủ trả lời lỗi ${res.status}. Vui lòng thử lại.`, `The server answered ${res.status}. Please try again.`);
}

/** The CSRF header value for a request of this method (none for GET). */
export const csrfHeader = (method: string): string | null => (method !== 'GET' && csrfToken ? csrfToken : null);

/** The ApiError of a failed answer; a 401 outside sign-in ends the session in the app. */
export async function errorOf(res: Response, path: string): Promise<ApiError> {
  const err = await toError(res);
  if (res.status === 401 && !path.startsWith('/api/v1/auth/')) onUnauthenticated();
  return err;
}

/** Hands a downloaded file to the browser, as a link would. */
export function saveFile({ blob, fileName }: { blob: Blob; fileName: string }) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
