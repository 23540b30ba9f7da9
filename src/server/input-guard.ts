import type { FastifyInstance } from 'fastify';
import { invalid } from '../domain/errors.js';

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const hit = findNul(v, path ? `${path}.${k}` : k, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/**
 * NUL characters cannot be stored as text by PostgreSQL; refuse them at the door with a
 * 400 rather than fail in the database.
 */
export function installInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const field = findNul(req.params, '') ?? findNul(req.query, '') ?? (req.isMultipart() ? null : findNul(req.body, ''));
    if (field) throw invalid(field || 'body', 'Dữ liệu chứa ký tự không hợp lệ (NUL).', 'The input contains an invalid NUL character.');
  });
}
