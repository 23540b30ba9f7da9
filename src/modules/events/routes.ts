import type { AppContext } from '../context.js';
import { requireActor, SESSION_COOKIE } from '../../server/auth.js';
import { actorFromBearer, sessionFromCookie } from '../auth/service.js';
import { errors, op, type Api } from '../../server/schemas.js';
import { EventHub, type EventClient } from './hub.js';
import { eventStream } from './schemas.js';

/**
 * GET /api/v1/events: a server-sent-events stream for the signed-in user. Events:
 * - `ready` once the stream is live;
 * - `arrival` {itemId, documentId, status, symbol, summary, urgency, senderName}: a document
 *   arrived in the user's agency's inbox;
 * - `status` {itemId, documentId, orgId, orgName, senderOrgId, status, by, at, symbol}: an
 *   item of the agency changed status, or a recipient of one of the agency's documents did.
 * - `incident` {id, orgId, orgName, title, severity, detectedAt, reportedAt}: a security
 *   incident was reported (only to whom need to know admits: src/modules/security);
 * - `signed-out` just before the stream ends because its session or token ended.
 * Comments (`: keep-alive`) keep proxies from closing an idle stream.
 */
export function eventRoutes(app: Api, ctx: AppContext) {
  const hub = new EventHub(ctx, ctx.config.events);
  app.decorate('eventHub', hub);

  // End the open streams first, or the HTTP server would wait for them to finish.
  app.addHook('preClose', async () => hub.endStreams());
  app.addHook('onClose', async () => hub.close());

  app.get(
    '/api/v1/events',
    {
      schema: {
        ...op('streamEvents', 'events', 'Luồng sự kiện (server-sent events): văn bản mới đến và thay đổi trạng thái của cơ quan'),
        produces: ['text/event-stream'],
        response: { 200: eventStream, ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7).trim() : null;
      const cookie = req.cookies[SESSION_COOKIE] ?? null;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      res.socket?.setNoDelay(true);
      let open = true;
      const client: EventClient = {
        orgId: actor.agencyId,
        viewer: { userId: actor.userId, agencyId: actor.agencyId, roles: actor.roles, isProvinceAdmin: actor.isProvinceAdmin },
        send(event, data) {
          if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        },
        comment(text) {
          if (open) res.write(`: ${text}\n\n`);
        },
        close() {
          if (!open) return;
          open = false;
          res.end();
        },
        // A stream must not outlive its sign-in.
        stillValid: async () => (bearer ? !!(await actorFromBearer(ctx, bearer)) : !!cookie && !!(await sessionFromCookie(ctx, cookie))),
      };
      const cleanUp = () => {
        open = false;
        hub.remove(client);
      };
      res.on('close', cleanUp);
      res.on('error', cleanUp);
      res.write('retry: 3000\n\n');
      try {
        await hub.add(client);
      } catch (err) {
        cleanUp();
        res.end();
        if (!String((err as Error).message).includes('closed')) app.log.warn({ err }, 'event stream could not start');
        return;
      }
      if (!open) hub.remove(client);
      else client.send('ready', { orgId: actor.agencyId });
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    eventHub: EventHub;
  }
}
