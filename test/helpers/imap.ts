import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { AppContext } from '../../src/modules/context.js';

/** A real MIME message (nodemailer's composer), as a citizen's mail client would write it. */
export function mailMessage(opts: { subject: string; to?: string; cc?: string; text?: string; attachments?: { filename: string; content: Buffer; contentType: string }[]; id: string }): Promise<Buffer> {
  return new MailComposer({
    from: 'Nguyễn Thị Lan <lan@congdan.example.vn>',
    to: opts.to ?? 'stc@dongnai.gov.vn',
    cc: opts.cc,
    subject: opts.subject,
    text: opts.text ?? 'Kính gửi Sở Tài chính,\nxin gửi kèm hồ sơ.',
    messageId: `<${opts.id}@congdan.example.vn>`,
    attachments: opts.attachments,
  })
    .compile()
    .build();
}

/** The UIDs an IMAP account has examined, with their outcome. */
export function seenRows(ctx: AppContext, accountId: number) {
  return ctx.db.kysely.selectFrom('imap_seen').select(['uidvalidity', 'uid', 'outcome']).where('account_id', '=', accountId).orderBy('uid').execute();
}

export async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
