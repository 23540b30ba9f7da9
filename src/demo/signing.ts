import forge from 'node-forge';
import type { AppContext } from '../modules/context.js';
import { createUser } from '../modules/directory/service.js';
import { addPkcs12Key, addTrustAnchor } from '../modules/signatures/index.js';
import { issueCertificate, toPkcs12 } from '../modules/signatures/certificates.js';
import { sealImage, signatureImage } from '../modules/signatures/images.js';

import { AGENCY_KEY, LEADER_KEY, ROOT_CERT, ROOT_KEY } from './signing-keys.js';

/** The password of the demo PKCS#12 files (sealed with the secrets key like the others). */
export const DEMO_P12_PASSWORD = 'demo-ky-so';

/**
 * Digital signatures in the demo province (issue 19): a demo root CA as the province's trust
 * anchor (its key is in the repository: never trust it outside a demo), a head of unit who
 * reviews drafts at the Sở Tài chính (truongphong.stc), the leader's PKCS#12 key with a
 * signature image (lanhdao.stc) and the agency's key with its seal (Sở Tài chính). The RSA
 * keys are fixed (signing-keys.ts), so loading takes no key generation.
 */
export async function loadSigningDemo(ctx: AppContext, ids: Map<string, number>, demoHash: string): Promise<string[]> {
  const db = ctx.db.kysely;
  const at = ctx.now().toISOString();
  const stc = ids.get('stc')!;
  const rootPem = ROOT_CERT;
  const root = { certificate: forge.pki.certificateFromPem(rootPem), key: forge.pki.privateKeyFromPem(ROOT_KEY) as forge.pki.rsa.PrivateKey, pem: rootPem, keyPem: '' };
  await addTrustAnchor(db, rootPem, at);
  const head = await createUser(ctx, null, { username: 'truongphong.stc', fullName: 'Vũ Thị Hồng Nhung', orgId: ids.get('stc-ns') ?? stc, position: 'Trưởng phòng Quản lý ngân sách', roles: ['specialist', 'unit_head'], email: 'truongphong.stc@stc.dongnai.gov.vn' }, demoHash);
  void head;
  const leader = await db.selectFrom('users').select(['id', 'full_name']).where('username', '=', 'lanhdao.stc').executeTakeFirstOrThrow();
  const agency = (await db.selectFrom('organizations').select('name').where('id', '=', stc).executeTakeFirstOrThrow()).name;
  const org = `${agency} tỉnh Đồng Nai`;
  const leaderCert = issueCertificate({ CN: leader.full_name, O: org }, root, { keyPem: LEADER_KEY, notBefore: new Date('2025-01-01T00:00:00Z'), years: 10 });
  const agencyCert = issueCertificate({ CN: org, O: org }, root, { keyPem: AGENCY_KEY, notBefore: new Date('2025-01-01T00:00:00Z'), years: 10 });
  await db.transaction().execute(async (trx) => {
    await addPkcs12Key(trx, ctx, { orgId: stc, userId: leader.id, imagePng: signatureImage() }, toPkcs12(leaderCert, [root.certificate], DEMO_P12_PASSWORD, '3des'), DEMO_P12_PASSWORD);
    await addPkcs12Key(trx, ctx, { orgId: stc, userId: null, imagePng: sealImage() }, toPkcs12(agencyCert, [root.certificate], DEMO_P12_PASSWORD, '3des'), DEMO_P12_PASSWORD);
  });
  return ['truongphong.stc'];
}
