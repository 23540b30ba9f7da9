import type { Kysely } from 'kysely';

/**
 * A project points at an item of its agency's approved IT plan, and through it at the
 * programme target it serves (ids of the plans module; no foreign key, as for the budget's
 * plan item: the plans module keeps its own rows). The free-text `plan_item_ref` and
 * `target_code` of earlier projects stay, shown when there is no link.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('plan_item_id', 'integer').execute();
  await db.schema.alterTable('projects').addColumn('plan_target_id', 'integer').execute();
}
