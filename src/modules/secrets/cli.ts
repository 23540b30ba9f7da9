import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { holdKey, readKeyFile } from './key.js';
import { resealSecrets } from './stored.js';

export const SECRETS_USAGE = 'lienthong secrets reseal --old-key-file <tệp khóa cũ>';

/**
 * `lienthong secrets reseal --old-key-file FILE`: after SECRETS_KEY (or SECRETS_KEY_FILE) was
 * changed, every stored secret sealed with the old key is sealed again with the new one, in
 * one transaction; exit 1 (nothing changed) when a value is sealed with neither key.
 */
export async function secretsCommand(ctx: AppContext, sub: string | undefined, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'old-key-file': { type: 'string' } } });
  if (sub !== 'reseal' || !values['old-key-file']) {
    console.error(`usage: ${SECRETS_USAGE}`);
    return 2;
  }
  const old = holdKey(readKeyFile(values['old-key-file'], '--old-key-file'));
  const r = await resealSecrets(ctx.db.kysely, ctx.secrets, old, ctx.now().toISOString());
  console.log(
    `Đã niêm phong lại ${r.resealed} giá trị bằng khóa ${ctx.secrets.id} (thay khóa ${old.id}); ${r.sealedFromClear} giá trị còn để trần nay đã niêm phong; ${r.unchanged} giá trị đã dùng khóa hiện tại.\n` +
      `Re-sealed ${r.resealed} values with key ${ctx.secrets.id} (was ${old.id}); sealed ${r.sealedFromClear} values found in clear; ${r.unchanged} already used the current key.`,
  );
  return 0;
}
