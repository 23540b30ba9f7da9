import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
// PLACEHOLDER — to be written (issue 4, outbound helper).
export function outboundRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
