import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
// PLACEHOLDER — to be written (issue 4, imap helper).
export function imapRoutes(_app: FastifyInstance, _ctx: AppContext): void {}
