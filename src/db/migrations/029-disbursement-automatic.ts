import type { Kysely } from 'kysely';

/**
 * DA.GIAINGAN (disbursement rate of IT projects) becomes automatic: the projects module
 * records every capital plan and payment, so its provider computes the rate, the figure the
 * Department of Finance used to confirm by hand. Only a row still as migration 018 seeded it
 * (verified) changes; a catalogue the IT department already edited is left as it is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('indicators')
    .set({ source: 'automatic', verifying_org_id: null, evidence: 'Kế hoạch vốn và giải ngân ghi trên hệ thống (Dự án CNTT)', updated_at: new Date().toISOString() })
    .where('code', '=', 'DA.GIAINGAN')
    .where('source', '=', 'verified')
    .execute();
}
