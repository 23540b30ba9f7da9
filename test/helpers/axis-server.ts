import http from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * A local stand-in for the national document axis (Trục liên thông văn bản quốc gia),
 * written from its description in shared/domain/edxml.md ("The national axis transport"):
 * systems identified by a system id and secret; sendEdoc (body = the package; headers from,
 * to, servicetype eDoc, messagetype edoc|status) returns a DocId; getReceivedEdocList lists
 * what waits for the calling system; getEdoc returns one (base64); updateStatus (done|fail)
 * acknowledges the pickup; getAgenciesList gives the agency registry. The real axis cannot
 * be reached from here: this is what the adapter is tested against.
 */
export interface AxisMessage {
  docId: string;
  from: string;
  to: string[];
  messageType: 'edoc' | 'status';
  content: Buffer;
  /** The system it waits for. */
  system: string;
  state: 'waiting' | 'done' | 'fail';
  description: string;
  /** Listed again after done once (an acknowledgement the axis lost). */
  forgetAck?: boolean;
}

export interface AxisServer {
  url: string;
  messages: AxisMessage[];
  agencies: { Code: string; Name: string; ParentCode?: string }[];
  calls: string[];
  /** A system elsewhere in the country sends a package to one of ours. */
  deliver(p: { from: string; to: string[]; messageType: 'edoc' | 'status'; content: Buffer; forgetAck?: boolean }): string;
  close(): Promise<void>;
}

export async function startAxisServer(systems: { id: string; secret: string; codes: string[] }[]): Promise<AxisServer> {
  const messages: AxisMessage[] = [];
  const calls: string[] = [];
  const agencies: AxisServer['agencies'] = [];
  const systemOf = (code: string) => systems.find((s) => s.codes.includes(code) || s.codes.includes(code.slice(-3)))?.id;

  function route(from: string, to: string[], messageType: 'edoc' | 'status', content: Buffer, forgetAck = false): string | null {
    const docId = randomUUID().replace(/-/g, '').slice(0, 24);
    const targets = new Set<string>();
    for (const code of to) {
      const s = systemOf(code);
      if (!s) return null;
      targets.add(s);
    }
    for (const system of targets) messages.push({ docId: targets.size > 1 ? `${docId}-${system}` : docId, from, to, messageType, content, system, state: 'waiting', description: '', forgetAck });
    return docId;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const op = new URL(req.url ?? '/', 'http://axis').pathname.split('/').pop() ?? '';
      calls.push(op);
      const system = systems.find((s) => s.id === req.headers.systemid && s.secret === req.headers.secret);
      if (!system) return send(401, { status: 'FAIL', ErrorDesc: 'systemid hoặc secret không đúng' });
      const h = (n: string) => (typeof req.headers[n] === 'string' ? (req.headers[n] as string) : '');
      switch (op) {
        case 'sendEdoc': {
          const messageType = h('messagetype');
          if (h('servicetype') !== 'eDoc' || (messageType !== 'edoc' && messageType !== 'status')) return send(400, { status: 'FAIL', ErrorDesc: 'servicetype/messagetype' });
          if (!body.length) return send(400, { status: 'FAIL', ErrorDesc: 'empty package' });
          const to = h('to').split(',').filter(Boolean);
          if (!to.length) return send(400, { status: 'FAIL', ErrorDesc: 'to is required' });
          const docId = route(h('from'), to, messageType, body);
          return docId ? send(200, { status: 'OK', DocId: docId }) : send(400, { status: 'FAIL', ErrorDesc: `unknown receiver ${to.join(',')}` });
        }
        case 'getReceivedEdocList': {
          const type = h('messagetype');
          const waiting = messages.filter((m) => m.system === system.id && m.messageType === type && (m.state === 'waiting' || (m.state === 'done' && m.forgetAck)));
          for (const m of waiting) if (m.state === 'done') m.forgetAck = false;
          return send(200, { status: 'OK', data: waiting.map((m) => ({ DocId: m.docId, From: m.from, MessageType: m.messageType })) });
        }
        case 'getEdoc': {
          const m = messages.find((x) => x.system === system.id && x.docId === h('docid'));
          return m ? send(200, { status: 'OK', data: { DocId: m.docId, Content: m.content.toString('base64') } }) : send(404, { status: 'FAIL', ErrorDesc: 'no such DocId' });
        }
        case 'updateStatus': {
          let p: { docid?: string; status?: string; description?: string } = {};
          try {
            p = JSON.parse(body.toString('utf8')) as typeof p;
          } catch {
            return send(400, { status: 'FAIL', ErrorDesc: 'JSON' });
          }
          const m = messages.find((x) => x.system === system.id && x.docId === p.docid);
          if (!m || (p.status !== 'done' && p.status !== 'fail')) return send(400, { status: 'FAIL', ErrorDesc: 'docid/status' });
          m.state = p.status;
          m.description = p.description ?? '';
          return send(200, { status: 'OK' });
        }
        case 'getAgenciesList':
          return send(200, { status: 'OK', data: agencies });
      }
      send(404, { status: 'FAIL', ErrorDesc: `unknown operation ${op}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    url: `http://127.0.0.1:${port}/axis`,
    messages,
    agencies,
    calls,
    deliver: (p) => {
      const id = route(p.from, p.to, p.messageType, p.content, p.forgetAck);
      if (!id) throw new Error(`no system hosts ${p.to.join(',')}`);
      return id;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
