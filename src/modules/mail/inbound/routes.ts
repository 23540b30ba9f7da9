import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
// PLACEHOLDER — to be written (issue 4, inbound helper).
export function inboundRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
