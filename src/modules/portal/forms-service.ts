import type { AppContext, Actor } from '../context.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { optionalText } from '../../domain/validate.js';
import { appendAudit } from '../audit/service.js';
import { checkUpload, storeUpload, type UploadedFile } from '../documents/index.js';
import { mayManage, touchPages } from './access.js';

/**
 * Forms (biểu mẫu) of a procedure: files checked by their content like any attachment,
 * kept once in the content-addressed store. The agency owning the procedure, those
 * implementing it and the province upload and remove them.
 */
async function assertMayManageProcedure(ctx: AppContext, actor: Actor, procedureId: number) {
  const p = await ctx.db.kysely.selectFrom('procedures').select(['id', 'code', 'owner_org_id']).where('id', '=', procedureId).executeTakeFirst();
  if (!p) throw notFound('procedure');
  const orgs = [p.owner_org_id, ...(await ctx.db.kysely.selectFrom('procedure_agencies').select('org_id').where('procedure_id', '=', procedureId).execute()).map((r) => r.org_id)];
  for (const o of orgs) if (await mayManage(ctx.db.kysely, actor, o)) return { procedure: p, orgs };
  throw forbidden('Chỉ cơ quan quản lý hoặc thực hiện thủ tục được thay đổi biểu mẫu.', 'Only an agency owning or implementing the procedure may change its forms.');
}

export async function uploadForm(ctx: AppContext, actor: Actor, procedureId: number, file: UploadedFile, titleInput?: unknown) {
  const { procedure, orgs } = await assertMayManageProcedure(ctx, actor, procedureId);
  const checked = checkUpload(ctx, file);
  const title = optionalText(titleInput, 'title', 'Tên biểu mẫu', 500) ?? checked.fileName.replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[-_]+/g, ' ');
  const sha = await storeUpload(ctx, file);
  const at = ctx.now().toISOString();
  const orgId = orgs.find((o) => o === actor.agencyId) ?? procedure.owner_org_id;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('blobs')
      .values({ sha256: sha, size: checked.size, kind: checked.kind, mime: checked.mime, created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    const row = await trx
      .insertInto('forms')
      .values({ procedure_id: procedureId, org_id: orgId, sha256: sha, file_name: checked.fileName, title, size: checked.size, mime: checked.mime, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await touchPages(trx, orgs, at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'portal.form.upload', entityType: 'form', entityId: row.id, data: { procedure: procedure.code, fileName: checked.fileName, sha256: sha, size: checked.size } });
    return { id: row.id, procedureId, fileName: checked.fileName, title, mime: checked.mime, size: checked.size, sha256: sha };
  });
}

export async function deleteForm(ctx: AppContext, actor: Actor, formId: number) {
  const form = await ctx.db.kysely.selectFrom('forms').selectAll().where('id', '=', formId).executeTakeFirst();
  if (!form) throw notFound('form');
  const { procedure, orgs } = await assertMayManageProcedure(ctx, actor, form.procedure_id);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('forms').where('id', '=', formId).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) throw notFound('form');
    await touchPages(trx, orgs, at);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: form.org_id, action: 'portal.form.delete', entityType: 'form', entityId: formId, data: { procedure: procedure.code, fileName: form.file_name } });
    return { id: formId, deleted: true };
  });
}

