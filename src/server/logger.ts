import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * The process's logger (pino, as Fastify's): the server hands it to Fastify, services and
 * background loops log on ctx.log. `toStderr` for the command line, whose standard output
 * is the command's answer.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, opts: { toStderr?: boolean } = {}): Logger {
  return pino({ level: config.logLevel }, opts.toStderr ? pino.destination(2) : undefined);
}
