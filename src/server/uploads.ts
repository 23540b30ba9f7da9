import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, Actor } from '../modules/context.js';
import { DomainError, invalid } from '../domain/errors.js';
import { FILE_KIND_MARKERS } from '../domain/file-kinds.js';
import { stageStream, STORE_FAILED, type StagedFile } from '../modules/blobs/thread.js';

/** Uploads in progress per user, in this process. */
const inProgress = new Map<number, number>();

const tooLarge = (ctx: AppContext) => {
  const mb = Math.round(ctx.config.maxUploadBytes / 1048576);
  return new DomainError('too_large', 'file_too_large', `Tệp vượt quá giới hạn ${mb} MB.`, `The file is larger than the ${mb} MB limit.`, 'file');
};

const malformed = () =>
  new DomainError('validation', 'bad_request', 'Nội dung yêu cầu không đúng định dạng multipart/form-data.', 'The request body is not well-formed multipart/form-data.', 'file');

/**
 * The errors of reading the multipart body are the sender's fault (no boundary, one too
 * long, a body that ends inside a part): a 400, never a 500. The reader's limits keep
 * their 413 (errors.ts), and a failure of the file store stays a fault of ours.
 */
function senderFault(e: unknown): DomainError | null {
  if (e instanceof DomainError) return e;
  const err = e as { code?: string; statusCode?: number; [STORE_FAILED]?: boolean };
  if (err[STORE_FAILED] || err.statusCode || err.code?.startsWith('FST_')) return null;
  return malformed();
}

/**
 * Receives the one file of a multipart request (field "file"; other fields before it) as a
 * temporary file written by the file thread as it arrives, and hands it to `use`. The file
 * is removed unless `use` stored it. A user has at most UPLOADS_PER_USER uploads in
 * progress at once; one more is refused with a 429.
 */
export async function receiveUpload<T>(
  ctx: AppContext,
  req: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
  fallbackName: string,
  use: (file: { fileName: string; staged: StagedFile; fields: Record<string, string> }) => Promise<T>,
): Promise<T> {
  if (!req.isMultipart()) throw invalid('file', 'Hãy gửi tệp dạng multipart/form-data (trường "file").', 'Send the file as multipart/form-data (field "file").');
  const running = inProgress.get(actor.userId) ?? 0;
  if (running >= ctx.config.uploadsPerUser) {
    throw new DomainError(
      'too_many',
      'too_many_uploads',
      `Bạn đang tải lên ${running} tệp cùng lúc (tối đa ${ctx.config.uploadsPerUser}). Hãy chờ các tệp đó xong rồi thử lại.`,
      `You already have ${running} uploads in progress (at most ${ctx.config.uploadsPerUser}). Wait for them to finish and try again.`,
      'file',
    );
  }
  inProgress.set(actor.userId, running + 1);
  let staged: StagedFile | null = null;
  try {
    let fileName: string;
    let fields: Record<string, string>;
    try {
      const part = await req.file();
      if (!part) throw invalid('file', 'Thiếu tệp.', 'No file was sent.');
      staged = await stageStream(ctx.blobs.root, part.file, FILE_KIND_MARKERS, () => tooLarge(ctx), ctx.config.maxUploadBytes);
      if (part.file.truncated) throw tooLarge(ctx);
      fileName = part.filename || fallbackName;
      fields = {};
      for (const [name, f] of Object.entries(part.fields)) {
        const value = (f as { value?: unknown } | undefined)?.value;
        if (typeof value === 'string') fields[name] = value;
      }
    } catch (e) {
      throw senderFault(e) ?? e;
    }
    return await use({ fileName, staged, fields });
  } finally {
    const left = (inProgress.get(actor.userId) ?? 1) - 1;
    if (left > 0) inProgress.set(actor.userId, left);
    else inProgress.delete(actor.userId);
    if (staged) await staged.discard().catch(() => {});
    // What was not read of the body (parts after the file, or all of it when refused before
    // reading) would hold the connection: it is closed after the answer instead.
    if (!req.raw.complete) reply.header('connection', 'close');
  }
}
