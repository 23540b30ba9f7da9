/** The edXML namespace of QCVN 102:2016; real systems reject the older go.vn one. */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const LEGACY_NS = 'http://www.go.vn/eDoc';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Elements of the edXML namespace, or with no namespace at all (some senders omit it). */
export const isEdxmlNs = (ns: string | null | undefined) => ns === EDXML_NS || ns === null || ns === undefined || ns === '';
