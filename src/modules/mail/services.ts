import type { AppContext } from '../context.js';
import { startOutboxWorker } from './outbound/outbox.js';
import { startReminderScheduler, type ReminderPass } from './outbound/reminders.js';
import { startImapPoller } from './imap/poller.js';
import { startFederationWorker } from '../interop/federation/worker.js';
import { startBlobCollector } from '../blobs/gc.js';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The background side of the mail gateway, started by `lienthong serve` in every process:
 * the outbox worker, the reminder scheduler and the collector of unused stored files take
 * leases in the database, so several processes share the work without doing anything
 * twice; the SMTP listener runs where
 * SMTP_LISTEN_PORT is set; the IMAP poller fetches the configured accounts.
 */
export async function startMailServices(ctx: AppContext, log: (line: string) => void = () => {}, reminderPasses: readonly ReminderPass[] = []): Promise<Stoppable> {
  const running: Stoppable[] = [];
  running.push(startOutboxWorker(ctx));
  running.push(startReminderScheduler(ctx, reminderPasses));
  running.push(startImapPoller(ctx));
  running.push(startFederationWorker(ctx));
  running.push(startBlobCollector(ctx, ctx.config.blobGcIntervalMinutes * 60_000, ctx.config.blobGcGraceHours * 3600_000, log));
  const { listenPort, listenHost, lmtp } = ctx.config.mail;
  if (listenPort !== null) {
    // Loaded only where the listener runs (one process of several): smtp-server and the intake stay out of the others.
    const { startSmtpListener } = await import('./inbound/listener.js');
    const listener = await startSmtpListener(ctx, { port: listenPort, host: listenHost });
    log(`Thư đến (${lmtp ? 'LMTP' : 'SMTP'}): ${listenHost}:${listener.port}`);
    running.push({ stop: () => listener.close() });
  }
  return {
    async stop() {
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}
