import { PEER_SECRET, type PeerRow } from '../federation/repo.js';
import { openSecret, SecretUnavailable } from '../../secrets/seal.js';
import type { DeliveryOutcome } from '../federation/client.js';

/**
 * The national document axis (Trục liên thông văn bản quốc gia) as its REST protocol is
 * described (shared/domain/edxml.md, "The national axis transport"): the system names itself
 * by a system id and secret (headers `systemid`, `secret`) on every call.
 *
 *   POST sendEdoc            body = the package; headers from, to (codes, comma-separated),
 *                            servicetype: eDoc, messagetype: edoc | status → { status: "OK", DocId }
 *   GET  getReceivedEdocList headers servicetype, messagetype → { status: "OK", data: [{ DocId, From, MessageType }] }
 *   GET  getEdoc             header docid → { status: "OK", data: { DocId, Content: base64 } }
 *   POST updateStatus        { docid, status: done | fail, description } → { status: "OK" }
 *   GET  getAgenciesList     → { status: "OK", data: [{ Code, Name, ParentCode }] }
 *
 * The real axis cannot be reached from here: this follows the description, and is tested
 * against a local server written from the same description (test/helpers/axis-server.ts).
 * Header and field names are that reading of it; adjust them here if the VPCP's differ.
 */
export type AxisMessageType = 'edoc' | 'status';

export interface AxisListed {
  docId: string;
  from: string;
  messageType: AxisMessageType;
}

export interface AxisAgency {
  code: string;
  name: string;
  parentCode: string | null;
}

export class AxisError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

const MAX_LIST = 1000;

export class AxisClient {
  constructor(
    private peer: Pick<PeerRow, 'base_url' | 'our_node_id' | 'outbound_secret' | 'name'>,
    private timeoutMs: number,
  ) {}

  private secret(): string {
    try {
      return openSecret(this.peer.outbound_secret, PEER_SECRET.axis) ?? '';
    } catch (e) {
      if (e instanceof SecretUnavailable) throw new AxisError(e.message, false);
      throw e;
    }
  }

  private async call(method: 'GET' | 'POST', op: string, headers: Record<string, string>, body?: Buffer | string): Promise<Record<string, unknown>> {
    const secret = this.secret();
    let res: Response;
    try {
      res = await fetch(`${this.peer.base_url.replace(/\/+$/, '')}/${op}`, {
        method,
        headers: { systemid: this.peer.our_node_id, secret, ...headers },
        body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      throw new AxisError(`Không kết nối được trục liên thông / axis unreachable (${op}): ${err.cause?.code ?? err.message}`, false);
    }
    const text = await res.text().catch(() => '');
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* judged below */
    }
    if (!res.ok || json.status !== 'OK') {
      const why = String(json.ErrorDesc ?? json.message ?? text.slice(0, 200));
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new AxisError(`Trục liên thông từ chối / the axis refused ${op} (HTTP ${res.status}): ${why}`, permanent);
    }
    return json;
  }

  /** Sends a package; the axis's DocId is the transport receipt. */
  async sendEdoc(bytes: Buffer, p: { from: string; to: string[]; messageType: AxisMessageType }): Promise<string> {
    const r = await this.call('POST', 'sendEdoc', { 'content-type': 'application/xml; charset=utf-8', from: p.from, to: p.to.join(','), servicetype: 'eDoc', messagetype: p.messageType }, bytes);
    if (typeof r.DocId !== 'string' || !r.DocId) throw new AxisError('Trục liên thông không trả DocId / no DocId in the answer', false);
    return r.DocId;
  }

  async receivedList(messageType: AxisMessageType): Promise<AxisListed[]> {
    const r = await this.call('GET', 'getReceivedEdocList', { servicetype: 'eDoc', messagetype: messageType });
    const data = Array.isArray(r.data) ? (r.data as Record<string, unknown>[]) : [];
    return data
      .slice(0, MAX_LIST)
      .filter((d) => typeof d.DocId === 'string' && d.DocId)
      .map((d) => ({ docId: String(d.DocId).slice(0, 100), from: String(d.From ?? ''), messageType }));
  }

  async getEdoc(docId: string, maxBytes: number): Promise<Buffer> {
    const r = await this.call('GET', 'getEdoc', { docid: docId });
    const content = (r.data as { Content?: unknown } | undefined)?.Content;
    if (typeof content !== 'string') throw new AxisError(`Trục liên thông không trả nội dung gói ${docId} / no content`, false);
    if (content.length > (maxBytes * 4) / 3 + 16) throw new AxisError(`Gói ${docId} lớn quá giới hạn / package over the limit`, true);
    return Buffer.from(content, 'base64');
  }

  async updateStatus(docId: string, status: 'done' | 'fail', description = ''): Promise<void> {
    await this.call('POST', 'updateStatus', { 'content-type': 'application/json' }, JSON.stringify({ docid: docId, status, description: description.slice(0, 500) }));
  }

  async agencies(): Promise<AxisAgency[]> {
    const r = await this.call('GET', 'getAgenciesList', {});
    const data = Array.isArray(r.data) ? (r.data as Record<string, unknown>[]) : [];
    return data.filter((a) => typeof a.Code === 'string').map((a) => ({ code: String(a.Code).trim().toUpperCase(), name: String(a.Name ?? '').slice(0, 300), parentCode: a.ParentCode ? String(a.ParentCode) : null }));
  }
}

/** A package sent through the axis: documents as edoc, statuses as status. */
export async function sendThroughAxis(client: AxisClient, bytes: Buffer, p: { from: string; to: string[]; kind: string }): Promise<DeliveryOutcome> {
  try {
    const docId = await client.sendEdoc(bytes, { from: p.from, to: p.to, messageType: p.kind === 'status' ? 'status' : 'edoc' });
    return { ok: true, receipt: { docId, received: true } };
  } catch (e) {
    if (!(e instanceof AxisError)) throw e;
    return { ok: false, permanent: e.permanent, error: e.message };
  }
}
