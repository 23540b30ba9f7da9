import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * Enterprises registered in the directory before the survey engine (migration 024) had no
 * profile, so the survey screens did not list them and no period asked them. Each gets an
 * incomplete profile: no tax code (a placeholder the tax-code rule refuses, unique per
 * organisation), no sector, no commune, size "micro", to be filled in by the enterprise or
 * the IT department; a period asks it once the profile is complete.
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  const at = new Date().toISOString();
  await sql`
    INSERT INTO enterprise_profiles (org_id, tax_code, sector_code, commune, size, employees, created_at, updated_at)
    SELECT o.id, 'chua-khai-' || CAST(o.id AS TEXT), '', '', 'micro', NULL, ${at}, ${at}
    FROM organizations o
    WHERE o.kind = 'enterprise' AND NOT EXISTS (SELECT 1 FROM enterprise_profiles p WHERE p.org_id = o.id)
  `.execute(db);
}
