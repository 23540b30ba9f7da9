import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * The files that prove a plan item's progress (a photo of the installed equipment, the
 * acceptance minutes as PDF, a DOCX/XLSX report): each on one progress report, its bytes in
 * the file store by hash (a `blobs` row keeps them from the collector).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const pg = dialect === 'postgres';
  await db.schema
    .createTable('plan_progress_files')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('progress_id', 'integer', (c) => c.notNull().references('plan_progress.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_progress_files_progress').on('plan_progress_files').columns(['progress_id', 'id']).execute();
}
