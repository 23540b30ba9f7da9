/**
 * The shape of an edXML package (QCVN 102:2016 as real packages use it; see
 * docs of the format), in the order elements are emitted. Reading is by local name in the
 * edXML namespace, in any order; writing follows this order. One schema drives both, so
 * what is read can be written back unchanged.
 */
export type ValueKind = 'text' | 'date' | 'timestamp' | 'binary';

export interface LeafSpec {
  name: string;
  kind: ValueKind;
  many?: boolean;
  required?: boolean;
  max?: number;
  /** Accepted values (after trimming); empty is always accepted unless required. */
  values?: readonly string[];
  /** Other spellings seen in the wild, read as this element. */
  aliases?: readonly string[];
}

export interface GroupSpec {
  name: string;
  kind: 'group';
  many?: boolean;
  required?: boolean;
  aliases?: readonly string[];
  /** Emitted without the edXML: prefix (the default namespace), as AttachmentEncoded is. */
  unprefixed?: boolean;
  children: readonly Spec[];
}

export type Spec = LeafSpec | GroupSpec;

const text = (name: string, max: number, extra: Partial<LeafSpec> = {}): LeafSpec => ({ name, kind: 'text', max, ...extra });
const date = (name: string, extra: Partial<LeafSpec> = {}): LeafSpec => ({ name, kind: 'date', ...extra });
const group = (name: string, children: readonly Spec[], extra: Partial<GroupSpec> = {}): GroupSpec => ({ name, kind: 'group', children, ...extra });

const organ = (name: string, extra: Partial<GroupSpec> = {}) =>
  group(
    name,
    [
      text('OrganId', 50, { required: true }),
      text('OrganizationInCharge', 500, { aliases: ['OrganInCharge'] }),
      text('OrganName', 200),
      text('OrganAdd', 500),
      text('Email', 100),
      text('Telephone', 20),
      text('Fax', 20),
      text('Website', 200),
    ],
    extra,
  );

const staffInfo = group('StaffInfo', [text('Department', 200), text('DepartmentId', 50), text('Staff', 200), text('StaffId', 50), text('Email', 100), text('Mobile', 20)]);

const responseFor = (extra: Partial<GroupSpec>, required: boolean) =>
  group('ResponseFor', [text('OrganId', 50), text('Code', 60, { required }), date('PromulgationDate'), text('DocumentId', 200, { required })], extra);

export const PRIORITIES = ['0', '1', '2', '3', '4'] as const;
export const STEERING_TYPES = ['0', '1', '2', '3'] as const;
export const BUSINESS_DOC_TYPES = ['0', '1', '2', '3'] as const;
/** 14 is read as 15 (recall accepted) by the receiving side. */
export const WIRE_STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '14', '15', '16'] as const;

export const DOCUMENT_HEADER = group('MessageHeader', [
  organ('From', { required: true }),
  organ('To', { required: true, many: true }),
  group('Code', [text('CodeNumber', 11, { required: true }), text('CodeNotation', 30, { required: true })], { required: true }),
  group('PromulgationInfo', [text('Place', 50), date('PromulgationDate')]),
  group('DocumentType', [text('Type', 10), text('TypeDetail', 10), text('TypeName', 100)]),
  text('Subject', 500, { required: true }),
  text('Content', 500),
  group('SignerInfo', [text('Competence', 50), text('Position', 200), text('FullName', 200)]),
  date('DueDate'),
  group('ToPlaces', [text('Place', 500, { many: true })]),
  group('OtherInfo', [
    text('Priority', 1, { values: PRIORITIES }),
    text('SphereOfPromulgation', 100),
    text('TyperNotation', 10),
    text('PromulgationAmount', 10),
    text('PageAmount', 10),
    group('Appendixes', [text('Appendix', 500, { many: true })]),
  ]),
  responseFor({ many: true }, false),
  text('SteeringType', 1, { values: STEERING_TYPES }),
  text('DocumentId', 200),
]);

export const STATUS_HEADER = group('MessageHeader', [
  organ('From', { required: true }),
  responseFor({ required: true }, true),
  staffInfo,
  text('StatusCode', 2, { required: true, values: WIRE_STATUS_CODES }),
  text('Description', 2000),
  { name: 'Timestamp', kind: 'timestamp' },
]);

export const TRACE_HEADER_LIST = group('TraceHeaderList', [
  group('TraceHeader', [text('OrganId', 50), { name: 'Timestamp', kind: 'timestamp' }], { many: true }),
  group(
    'Bussiness',
    [
      text('DocumentId', 200),
      text('BussinessDocType', 1, { values: BUSINESS_DOC_TYPES }),
      text('BussinessDocReason', 500),
      text('Paper', 1, { values: ['0', '1'] }),
      group('BussinessDocumentInfo', [
        text('DocumentInfo', 1),
        text('DocumentReceiver', 1),
        group('ReceiverList', [group('Receiver', [text('OrganId', 50), text('ReceiverType', 1)], { many: true })]),
      ]),
      staffInfo,
      group('ReplacementInfoList', [group('ReplacementInfo', [text('DocumentId', 200), group('OrganIdList', [text('OrganId', 50, { many: true })])], { many: true })]),
    ],
    { aliases: ['Business'] },
  ),
]);

const MANIFEST = group('edXMLManifest', [group('Reference', [text('ContentId', 100), text('ContentType', 200), text('Description', 500), text('AttachmentName', 255)], { many: true })]);

const ATTACHMENTS = group(
  'AttachmentEncoded',
  [
    group(
      'Attachment',
      [text('ContentId', 100), text('AttachmentName', 255), text('Description', 500), text('ContentType', 200), { name: 'ContentTransferEncoded', kind: 'binary', required: true }],
      { many: true, unprefixed: true },
    ),
  ],
  { unprefixed: true },
);

/** The whole package; MessageHeader is the document or the status variant. */
export function packageSpec(header: GroupSpec): GroupSpec {
  return group('edXML', [
    group(
      'edXMLEnvelope',
      [group('edXMLHeader', [{ ...header, required: true }, TRACE_HEADER_LIST], { required: true }), group('edXMLBody', [MANIFEST])],
      { required: true },
    ),
    ATTACHMENTS,
  ]);
}
