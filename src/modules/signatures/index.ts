/**
 * Digital signatures (issue 19): what other modules may use. Drafting signs the leader's PDF
 * with signAsPerson; the monitoring reads signingCounts (documents signed ÷ issued per
 * agency and month); the hooks sign at issue and verify every arrival.
 */
export { signAsPerson, signingCounts, documentSignatures, addTrustAnchor, listTrustAnchors } from './service.js';
export { addPkcs12Key, addPkcs11Key, type Pkcs11Ref } from './keys.js';
export { verifyPdf, type PdfVerification } from './verify.js';
