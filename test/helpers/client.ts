/** A signed-in user talking to the server over HTTP, as the web app or an integration would. */
export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
  raw: ArrayBuffer;
}

export class Client {
  cookie = '';
  csrf = '';
  bearer = '';
  user: any = null;
  constructor(readonly base: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (typeof body === 'string') payload = body;
    else if (body !== undefined) {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const raw = await res.arrayBuffer();
    const text = Buffer.from(raw).toString('utf8');
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('application/json')) parsed = text ? JSON.parse(text) : null;
    return { status: res.status, body: parsed as T, headers: res.headers, raw };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
  /**
   * Issues a draft electronically, first attaching a small PDF as its main file: an electronic
   * issue needs one (issue 19). If the file is refused (a secret draft, a draft of another
   * agency) the issue is still asked, and its answer is what the caller sees.
   */
  async issue<T = any>(id: number | string, body: object = {}) {
    await this.upload(`/api/v1/documents/${id}/attachments`, 'van-ban-chinh.pdf', pdfBytes('Văn bản chính'), { role: 'main' });
    return this.post<T>(`/api/v1/documents/${id}/issue`, body);
  }
  upload<T = any>(path: string, fileName: string, bytes: Uint8Array, fields: Record<string, string> = {}) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    return this.request<T>('POST', path, fd);
  }
}

// Sign-ins of one user in flight at once count against the lock-out (src/modules/auth/attempts.ts):
// tests that open many clients of one user sign them in one after another, as people do.
const signingIn = new Map<string, Promise<unknown>>();

export function signIn(base: string, username: string, password = 'demo'): Promise<Client> {
  const turn = (signingIn.get(username) ?? Promise.resolve()).catch(() => {}).then(() => signInNow(base, username, password));
  signingIn.set(username, turn);
  return turn;
}

async function signInNow(base: string, username: string, password: string): Promise<Client> {
  const c = new Client(base);
  const res = await c.request('POST', '/api/v1/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  c.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  c.csrf = res.body.csrfToken;
  c.user = res.body.user;
  return c;
}

/** A small but real PDF. */
export function pdfBytes(text = 'Liên Thông'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');
}
