import { URGENCY_PRIORITY, type Urgency } from '../classification.js';
import { fold } from '../fold.js';
import { writeEdxmlDate } from './dates.js';
import { child, children, textOf, type Group } from './tree.js';

/** What the province knows of an organisation, as edXML From / To carry it. */
export interface OrganFacts {
  code: string;
  name: string;
  inCharge: string;
  address: string;
  email: string;
  phone: string;
  website: string;
}

export interface ResponseForFacts {
  organId: string;
  code: string;
  date: string;
  documentId: string;
}

export interface ExportedAttachment {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** An issued document as an export package needs it. */
export interface DocumentFacts {
  from: OrganFacts;
  to: OrganFacts[];
  number: string;
  notation: string;
  place: string;
  date: string; // YYYY-MM-DD
  typeDetail: string;
  typeName: string;
  subject: string;
  content: string;
  signer: { competence: string; position: string; fullName: string };
  dueDate: string;
  toPlaces: string[];
  urgency: Urgency;
  promulgationAmount: string;
  responseFor: ResponseForFacts[];
  /** Vietnam local time of issue, "YYYY-MM-DD HH:mm:ss". */
  issuedAt: string;
  staff: { department: string; staff: string; email: string };
  attachments: ExportedAttachment[];
}

export interface StatusFacts {
  from: OrganFacts;
  responseFor: ResponseForFacts;
  staff: { department: string; staff: string; email: string };
  statusCode: string;
  description: string;
  /** Vietnam local time, "YYYY-MM-DD HH:mm:ss". */
  timestamp: string;
}

/** DocumentId as QCVN 102 builds it: sender code, date, number/notation. */
export const documentIdOf = (organId: string, date: string, symbol: string) => `${organId},${writeEdxmlDate(date)},${symbol}`;

const organ = (o: OrganFacts): Group => ({
  OrganId: o.code,
  OrganizationInCharge: o.inCharge,
  OrganName: o.name,
  OrganAdd: o.address,
  Email: o.email,
  Telephone: o.phone,
  Fax: '',
  Website: o.website,
});

const responseFor = (r: ResponseForFacts): Group => ({ OrganId: r.organId, Code: r.code, PromulgationDate: r.date, DocumentId: r.documentId });

// Decree 30 types are administrative documents (Type 2); TypeName is what receivers trust.
const ADMINISTRATIVE = '2';

/** The package tree of an issued document (BussinessDocType 0, a new document). */
export function documentPackageTree(d: DocumentFacts): Group {
  const symbol = `${d.number}/${d.notation}`;
  const documentId = documentIdOf(d.from.code, d.date, symbol);
  const header: Group = {
    From: organ(d.from),
    To: d.to.map(organ),
    Code: { CodeNumber: d.number, CodeNotation: d.notation },
    PromulgationInfo: { Place: d.place, PromulgationDate: d.date },
    DocumentType: { Type: ADMINISTRATIVE, TypeDetail: d.typeDetail, TypeName: d.typeName },
    Subject: d.subject,
    Content: d.content,
    SignerInfo: { Competence: d.signer.competence, Position: d.signer.position, FullName: d.signer.fullName },
    DueDate: d.dueDate,
    ToPlaces: { Place: d.toPlaces },
    OtherInfo: { Priority: String(URGENCY_PRIORITY[d.urgency] ?? 0), SphereOfPromulgation: '', TyperNotation: '', PromulgationAmount: d.promulgationAmount, PageAmount: '' },
    ResponseFor: d.responseFor.map(responseFor),
    SteeringType: '0',
    DocumentId: documentId,
  };
  if (!d.responseFor.length) delete header.ResponseFor;
  const tree: Group = {
    edXMLEnvelope: {
      edXMLHeader: {
        MessageHeader: header,
        TraceHeaderList: {
          TraceHeader: [{ OrganId: d.from.code, Timestamp: d.issuedAt }],
          Bussiness: {
            DocumentId: documentId,
            BussinessDocType: '0',
            BussinessDocReason: 'Văn bản điện tử mới',
            Paper: '0',
            StaffInfo: { Department: d.staff.department, Staff: d.staff.staff, Email: d.staff.email },
          },
        },
      },
      edXMLBody: {
        edXMLManifest: {
          _attrs: { version: '1.0' },
          Reference: d.attachments.map((a, i) => ({ ContentId: `cid:${i + 1}`, ContentType: a.contentType, Description: a.name, AttachmentName: a.name })),
        },
      },
    },
  };
  if (d.attachments.length) {
    tree.AttachmentEncoded = {
      Attachment: d.attachments.map((a, i) => ({ ContentId: `cid:${i + 1}`, AttachmentName: a.name, Description: a.name, ContentType: a.contentType, ContentTransferEncoded: { bytes: a.bytes, size: a.bytes.length } })),
    };
  }
  return tree;
}

/** The package tree of a status (01–06, 15, 16) sent back to the sender of a document. */
export function statusPackageTree(s: StatusFacts): Group {
  return {
    edXMLEnvelope: {
      edXMLHeader: {
        MessageHeader: {
          From: organ(s.from),
          ResponseFor: responseFor(s.responseFor),
          StaffInfo: { Department: s.staff.department, Staff: s.staff.staff, Email: s.staff.email },
          StatusCode: s.statusCode,
          Description: s.description,
          Timestamp: s.timestamp,
        },
        TraceHeaderList: { TraceHeader: [{ OrganId: s.from.code, Timestamp: s.timestamp }] },
      },
    },
  };
}

/** OtherInfo/Priority to urgency: 0 Thường, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc, 4 (hẹn giờ) as Hỏa tốc. */
export function urgencyOfPriority(priority: string | undefined): Urgency {
  return (['thuong', 'khan', 'thuong_khan', 'hoa_toc', 'hoa_toc'] as const)[Number(priority || 0)] ?? 'thuong';
}

/** The document type whose name (diacritics ignored) or abbreviation is TypeName; else Công văn. */
export function typeCodeOf(typeName: string | undefined, types: readonly { code: string; name: string; abbr: string }[]): string {
  const t = (typeName ?? '').trim();
  if (!t) return 'CV';
  const f = fold(t);
  return types.find((x) => fold(x.name) === f)?.code ?? types.find((x) => x.abbr && x.abbr === t)?.code ?? 'CV';
}

/** What the importer takes from a document package's MessageHeader. */
export function documentFactsOf(header: Group, trace: Group | undefined) {
  const from = child(header, 'From')!;
  const code = child(header, 'Code')!;
  const number = textOf(code, 'CodeNumber')!;
  const notation = textOf(code, 'CodeNotation')!;
  const symbol = `${number}/${notation}`;
  const date = textOf(child(header, 'PromulgationInfo'), 'PromulgationDate') || null;
  const business = child(trace, 'Bussiness');
  return {
    senderCode: textOf(from, 'OrganId')!,
    senderName: textOf(from, 'OrganName') || textOf(from, 'OrganId')!,
    toCodes: children(header, 'To').map((t) => textOf(t, 'OrganId')!),
    number,
    notation,
    symbol,
    date,
    // The DocumentId a sender gave, else the one QCVN 102 would build.
    documentId: textOf(header, 'DocumentId') || documentIdOf(textOf(from, 'OrganId')!, date ?? '', symbol),
    typeName: textOf(child(header, 'DocumentType'), 'TypeName'),
    subject: textOf(header, 'Subject')!,
    content: textOf(header, 'Content') || null,
    signer: child(header, 'SignerInfo'),
    dueDate: textOf(header, 'DueDate') || null,
    priority: textOf(child(header, 'OtherInfo'), 'Priority'),
    responseFor: children(header, 'ResponseFor'),
    businessDocType: textOf(business, 'BussinessDocType') || '0',
    businessReason: textOf(business, 'BussinessDocReason') || null,
    paper: textOf(business, 'Paper') === '1',
  };
}

/** What the status importer takes from a status package's MessageHeader. */
export function statusFactsOf(header: Group) {
  const from = child(header, 'From')!;
  const rf = child(header, 'ResponseFor')!;
  const staff = child(header, 'StaffInfo');
  const code = textOf(header, 'StatusCode')!;
  return {
    senderCode: textOf(from, 'OrganId')!,
    senderName: textOf(from, 'OrganName') || textOf(from, 'OrganId')!,
    staffName: textOf(staff, 'Staff') || null,
    responseFor: { organId: textOf(rf, 'OrganId') || null, code: textOf(rf, 'Code')!, date: textOf(rf, 'PromulgationDate') || null, documentId: textOf(rf, 'DocumentId')! },
    // 14 is read as 15 (recall accepted).
    statusCode: code === '14' ? '15' : code,
    wireCode: code,
    description: textOf(header, 'Description') || null,
    timestamp: textOf(header, 'Timestamp') || null,
  };
}
