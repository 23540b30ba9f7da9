import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * The province's relay, as a real SMTP server on loopback: it records every message it
 * acknowledged (with its 250) and parses it with mailparser. It can refuse recipients with
 * a 5xx, hold messages without answering (a relay that hangs), stop listening and come back
 * on the same port.
 */
export interface RelayMessage {
  messageId: string;
  to: string[];
  subject: string;
  parsed: ParsedMail;
  raw: Buffer;
}

export interface Relay {
  port: number;
  messages: RelayMessage[];
  /** Recipients answered with 550 at RCPT TO. */
  refuse: Set<string>;
  /** Whether a message gets its 250 now; false = it is held with no answer, and never recorded. */
  accept: (raw: Buffer, session: SMTPServerSession) => boolean;
  held: number;
  stopListening(): Promise<void>;
  listen(): Promise<void>;
  waitFor(predicate: (m: RelayMessage[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(): Promise<Relay> {
  let server: SMTPServer;
  const relay: Relay = {
    port: 0,
    messages: [],
    refuse: new Set(),
    accept: () => true,
    held: 0,
    async stopListening() {
      await new Promise<void>((r) => server.close(() => r()));
    },
    async listen() {
      server = create();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(relay.port, '127.0.0.1', () => resolve());
      });
      const a = server.server.address();
      relay.port = typeof a === 'object' && a ? a.port : relay.port;
    },
    async waitFor(predicate, timeoutMs = 20_000, what = 'messages at the relay') {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(relay.messages)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${relay.messages.length} received)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => relay.stopListening(),
  };

  function create() {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 50 * 1024 * 1024,
      // Going down drops the client's pooled connections at once, as a relay that crashed would.
      closeTimeout: 100,
      onRcptTo(address, _session, callback) {
        if (relay.refuse.has(address.address.toLowerCase())) {
          const err = new Error('5.1.1 Mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = 550;
          return callback(err);
        }
        callback();
      },
      onData(stream: SMTPServerDataStream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          if (!relay.accept(raw, session)) {
            relay.held++;
            return; // no answer: the client waits until it gives up or dies
          }
          const parsed = await simpleParser(raw);
          relay.messages.push({ messageId: parsed.messageId ?? '', to: session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject ?? '', parsed, raw });
          callback();
        });
      },
    });
    s.on('error', () => {});
    return s;
  }

  await relay.listen();
  return relay;
}

/** The value of a header of a parsed message, as text. */
export const header = (m: RelayMessage, name: string) => {
  const v = m.parsed.headers.get(name.toLowerCase());
  return v === undefined ? undefined : String(v);
};
