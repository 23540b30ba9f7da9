/** The one way the web app talks to the server: /api/v1 with the session cookie and the CSRF header. */

export interface ApiErrorBody {
  error: { code: string; message: string; messageEn: string; field?: string };
}

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
  let body: Partial<ApiErrorBody> | null = null;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    /* not JSON */
  }
  const e = body?.error;
  if (e?.message) return new ApiError(res.status, e.code, e.message, e.messageEn ?? e.message, e.field);
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

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, q?: Query): string {
  if (!q) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(method: string, path: string, body?: unknown, init: { signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (method !== 'GET' && method !== 'DELETE') {
    headers['content-type'] = 'application/json';
    payload = '{}';
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal: init.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw networkError();
  }
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && !path.startsWith('/api/v1/auth/')) onUnauthenticated();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? await res.json() : await res.text()) as T;
}

export const get = <T>(path: string, q?: Query, signal?: AbortSignal) => api<T>('GET', withQuery(path, q), undefined, { signal });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body);
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** Multipart upload with progress (fetch cannot report upload progress). */
export function upload<T>(path: string, file: File, fields: Record<string, string>, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(body as T);
        return;
      }
      const e = (body as Partial<ApiErrorBody> | null)?.error;
      if (xhr.status === 413 && !e) {
        reject(new ApiError(413, 'too_large', 'Tệp vượt quá giới hạn dung lượng cho phép.', 'The file is larger than allowed.', 'file'));
        return;
      }
      reject(e ? new ApiError(xhr.status, e.code, e.message, e.messageEn, e.field) : new ApiError(xhr.status, 'http_' + xhr.status, `Tải tệp lên thất bại (${xhr.status}).`, `Upload failed (${xhr.status}).`));
    };
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', file, file.name);
    xhr.send(fd);
  });
}

/** A body that is not JSON (an edXML package), with upload progress; the answer is JSON. */
export function sendRaw<T>(path: string, body: Blob, contentType: string, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(parsed as T);
      if (xhr.status === 401) onUnauthenticated();
      const e = (parsed as Partial<ApiErrorBody> | null)?.error;
      reject(e ? new ApiError(xhr.status, e.code, e.message, e.messageEn, e.field) : new ApiError(xhr.status, 'http_' + xhr.status, `Máy chủ trả lời lỗi ${xhr.status}. Vui lòng thử lại.`, `The server answered ${xhr.status}. Please try again.`));
    };
    xhr.send(body);
  });
}

/** A file the server makes (an export): its bytes and the name it gives, or the server's error in words. */
export async function download(path: string): Promise<{ blob: Blob; fileName: string }> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw networkError();
  }
  if (!res.ok) {
    if (res.status === 401) onUnauthenticated();
    throw await toError(res);
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  const fileName = star ? decodeURIComponent(star[1]!) : (plain?.[1] ?? 'download');
  return { blob: await res.blob(), fileName };
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
