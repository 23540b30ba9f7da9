/** Where an edXML package stands in the log: received (imported, applied, refused) or sent (pending, sending, sent, failed). */
export const PACKAGE_STATES = ['imported', 'applied', 'refused', 'pending', 'sending', 'sent', 'failed'] as const;
export type PackageState = (typeof PACKAGE_STATES)[number];
