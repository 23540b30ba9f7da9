/**
 * What other modules may use of the documents module. Mail and edXML bring documents in
 * (they write the document, its files and its inbox items with these), the portal takes
 * uploads, and everyone checks roles and visibility the same way. Anything not exported
 * here is the module's own; what others do inside its transactions goes through the hooks
 * (src/modules/hooks.ts).
 */
export { buildAccessTokens, buildSearchText, loadVisibleDocument, requireRole } from './access.js';
export { checkUpload, storeAttachment, storeUpload, type UploadedFile } from './drafts.js';
export { createItems } from './issue.js';
export { issueOfficialLetter, type IssuedLetter, type OfficialLetter } from './official.js';
export { documentIndicators } from './indicators.js';
export { createDocument, updateDraft, addAttachment, type DraftInput } from './drafts.js';
export { issueDocument } from './issue.js';
export { getDocument, searchDocuments } from './queries.js';
export { documentFacts, itemOf, noteArrival, pdfFilesOf, recipientsOf, replaceAttachmentFile } from './signed-files.js';
