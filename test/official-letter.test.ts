import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes } from './helpers/client.js';
import { loadActor } from '../src/modules/auth/service.js';
import { issueOfficialLetter } from '../src/modules/documents/index.js';

/** The letter a governance workflow sends: an ordinary document in both registers. */
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('an official letter sent by a workflow', () => {
  it('is numbered in the sender register and arrives in the recipient inbox with its files', async () => {
    const user = await s.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'chuyenvien.syt').executeTakeFirstOrThrow();
    const specialist = (await loadActor(s.ctx, user.id, 'system'))!;
    expect(specialist.roles).not.toContain('clerk');
    const letter = await issueOfficialLetter(s.ctx, specialist, {
      typeCode: 'TTR',
      summary: 'Trình kế hoạch ứng dụng CNTT năm 2027',
      recipients: [s.ids.get('skhcn')!],
      signerName: 'Nguyễn Văn Đức',
      signerPosition: 'Giám đốc',
      files: [{ fileName: 'ke-hoach.pdf', bytes: pdfBytes() }],
    });
    expect(letter.symbol).toMatch(/^\d+\/TTr-SYT$/);
    expect(letter.dispatched).toHaveLength(1);
    const clerk = await signIn(s.url, 'vanthu.skhcn');
    const inbox = await clerk.get('/api/v1/inbox?limit=5');
    const row = inbox.body.items.find((i: { documentId: number }) => i.documentId === letter.documentId);
    expect(row).toBeTruthy();
    const doc = await clerk.get(`/api/v1/documents/${letter.documentId}`);
    expect(doc.body.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['ke-hoach.pdf']);
  });
});
