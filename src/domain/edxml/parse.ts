import { DSIG_NS, EDXML_NS, LEGACY_NS, isEdxmlNs } from './namespaces.js';
import { DOCUMENT_HEADER, STATUS_HEADER, packageSpec, type GroupSpec, type LeafSpec } from './schema.js';
import { readEdxmlDate, readEdxmlTimestamp } from './dates.js';
import { attachmentTooLarge, emptyElement, invalidElement, missingElement, repeatedElement } from './errors.js';
import { readXml, runPattern, type EdxmlLimits, type PackageText, type XmlInput } from './read.js';
import { decodedSize, padOf } from '../base64.js';
import { child, children, textOf, type Binary, type Group, type Value, type XmlNode } from './tree.js';

export type PackageKind = 'document' | 'status';

/** `B` is null for a file still in its base64 (parsePackageEncoded). */
export interface PackageAttachment<B extends Buffer | null = Buffer> {
  /** ContentId without its "cid:" prefix. */
  contentId: string;
  name: string;
  contentType: string;
  bytes: B;
  /** The Binary of the tree, to note its hash once stored. */
  binary: Binary;
  /** Where its base64 is (ContentTransferEncoded), for messages. */
  path: string;
}

export interface ParsedPackage<B extends Buffer | null = Buffer> {
  kind: PackageKind;
  tree: Group;
  header: Group;
  attachments: PackageAttachment<B>[];
  input: PackageText;
}

/** As read here, with its tree (the signature is checked on it). */
export type ReadPackage<B extends Buffer | null = Buffer> = ParsedPackage<B> & { input: XmlInput };

const WRAPPERS = new Set(['edXML', 'edXMLEnvelope', 'edXMLHeader', 'edXMLBody']);
const MAX_ATTACHMENTS = 200;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

const elementsOf = (el: Element) => {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
};

function textContent(el: Element): string {
  let s = '';
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 3 || c.nodeType === 4) s += (c as Text).data;
  return s;
}

/** Attributes without a namespace (xmlns declarations are structure, not data). */
function plainAttributes(el: Element): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.namespaceURI || a.name.includes(':') || a.name === 'xmlns') continue;
    out[a.name] = a.value;
    any = true;
  }
  return any ? out : undefined;
}

/** An element the schema does not know, kept as it is (`text` puts back the runs cut out of its text). */
function toNode(el: Element, text: (raw: string) => string): XmlNode {
  const kids = elementsOf(el);
  const node: XmlNode = { ns: el.namespaceURI || null, name: el.localName ?? el.nodeName, children: [] };
  const attrs = plainAttributes(el);
  if (attrs) node.attrs = attrs;
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) node.children.push(toNode(c as Element, text));
    else if (c.nodeType === 3 || c.nodeType === 4) {
      const data = text((c as Text).data);
      // Indentation between child elements is layout, not content.
      if (!kids.length || data.trim()) node.children.push(data);
    }
  }
  return node;
}

class Reader {
  constructor(
    private input: XmlInput,
    private limits: EdxmlLimits,
  ) {}

  /**
   * Text with the runs cut out of it put back. A run is the whole text of its element in
   * any sane package; one beside other text (a comment, a processing instruction, CDATA
   * after it) is still its text.
   */
  private text = (raw: string): string => (raw.includes(this.input.token) ? raw.replace(runPattern(this.input.token), (_, i: string) => this.input.runs[Number(i)]!.toString('latin1')) : raw);

  group(el: Element, spec: GroupSpec, path: string): Group {
    const out: Group = {};
    const attrs = plainAttributes(el);
    if (attrs) out._attrs = attrs;
    const base = WRAPPERS.has(spec.name) ? '' : `${path}/`;
    const counts = new Map<string, number>();
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3 || c.nodeType === 4) {
        if ((c as Text).data.trim()) throw invalidElement(path || spec.name, 'chứa văn bản ở chỗ phải là các phần tử con.', 'it holds text where child elements belong.');
        continue;
      }
      if (c.nodeType !== 1) continue;
      const e = c as Element;
      const local = e.localName ?? e.nodeName;
      const known = isEdxmlNs(e.namespaceURI) ? spec.children.find((s) => s.name === local || s.aliases?.includes(local)) : undefined;
      if (!known) {
        // The package signature is read by the verifier, never kept as data.
        if (!(e.namespaceURI === DSIG_NS && local === 'Signature')) (out._extra ??= []).push(toNode(e, this.text));
        continue;
      }
      const n = (counts.get(known.name) ?? 0) + 1;
      counts.set(known.name, n);
      const p = `${base}${known.name}${known.many ? `[${n}]` : ''}`;
      if (!known.many && n > 1) throw repeatedElement(`${base}${known.name}`);
      const value: Value = known.kind === 'group' ? this.group(e, known, p) : this.leaf(e, known, p);
      if (known.many) ((out[known.name] ??= []) as Value[]).push(value);
      else out[known.name] = value;
    }
    for (const s of spec.children) {
      if (!s.required) continue;
      const p = `${base}${s.name}`;
      const v = out[s.name];
      if (v === undefined) throw missingElement(p);
      if (v === '') throw emptyElement(p);
    }
    return out;
  }

  leaf(el: Element, spec: LeafSpec, path: string): string | Binary {
    if (elementsOf(el).length) throw invalidElement(path, 'phải là văn bản, không chứa phần tử con.', 'it must hold text, not elements.');
    const raw = textContent(el);
    if (spec.kind === 'binary') return this.binary(raw, path);
    let v = this.text(raw).trim();
    if (spec.max !== undefined && v.length > spec.max) throw invalidElement(path, `dài quá ${spec.max} ký tự.`, `it is longer than ${spec.max} characters.`);
    if (spec.kind === 'date' && v) {
      const d = readEdxmlDate(v);
      if (!d) throw invalidElement(path, `"${v.slice(0, 40)}" không phải ngày dạng yyyy/MM/dd hoặc dd/MM/yyyy.`, `"${v.slice(0, 40)}" is not a date as yyyy/MM/dd or dd/MM/yyyy.`);
      v = d;
    }
    if (spec.kind === 'timestamp' && v) {
      const t = readEdxmlTimestamp(v);
      if (!t) throw invalidElement(path, `"${v.slice(0, 40)}" không phải thời điểm dạng yyyy/MM/dd HH:mm:ss.`, `"${v.slice(0, 40)}" is not a time as yyyy/MM/dd HH:mm:ss.`);
      v = t;
    }
    if (spec.values && v) {
      if (spec.name === 'StatusCode' && /^\d$/.test(v)) v = `0${v}`;
      if (!spec.values.includes(v)) throw invalidElement(path, `"${v.slice(0, 20)}" không thuộc các giá trị ${spec.values.join(', ')}.`, `"${v.slice(0, 20)}" is not one of ${spec.values.join(', ')}.`);
    }
    if (spec.required && !v) throw emptyElement(path);
    return v;
  }

  binary(raw: string, path: string): Binary {
    const m = new RegExp(`^${this.input.token}N(\\d+)Z$`).exec(raw);
    const run = m ? this.input.runs[Number(m[1])]! : null;
    const text = run === null ? this.text(raw) : raw;
    const length = run ? run.length : text.length;
    // Refuse what is clearly too big before decoding it (line breaks allowed for).
    if (length > ((this.limits.maxAttachmentBytes * 4) / 3) * 1.1 + 4096) throw attachmentTooLarge(path, this.limits.maxAttachmentBytes);
    return decodeBinary(run, text, path, this.limits, run !== null ? Number(m![1]) : undefined);
  }
}

/**
 * The bytes of a base64 text (a run of the input, or the element's text). A canonical run
 * is decoded in slices, so no string of megabytes is made; any other text is decoded whole.
 */
function decodeBinary(run: Buffer | null, raw: string, path: string, limits: EdxmlLimits, index: number | undefined): Binary {
  const sliced = run !== null && canonicalBase64(run) ? decodeRun(run) : null;
  const canonical = sliced !== null;
  const bytes = sliced ?? Buffer.from(run ? run.toString('latin1') : raw, 'base64');
  if (!canonical && !BASE64.test(run ? run.toString('latin1') : raw)) throw invalidElement(path, 'không phải dữ liệu base64.', 'it is not base64 data.');
  if (!bytes.length) throw emptyElement(path);
  if (bytes.length > limits.maxAttachmentBytes) throw attachmentTooLarge(path, limits.maxAttachmentBytes);
  return canonical ? { bytes, size: bytes.length, run: index } : { bytes, size: bytes.length };
}

const b64Value = (c: number) => (c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 71 : c >= 48 && c <= 57 ? c + 4 : c === 43 ? 62 : c === 47 ? 63 : -1);

/**
 * One line of padded base64 with zero trailing bits: exactly what encoding the decoded
 * bytes gives. (Characters outside the alphabet show when decoding: the decoder skips them.)
 */
function canonicalBase64(run: Buffer): boolean {
  const len = run.length;
  if (len === 0 || len % 4 !== 0) return false;
  // Whitespace, and the URL-safe letters the decoder also takes, do not encode back the same.
  for (const c of [0x20, 0x0a, 0x09, 0x2d, 0x5f]) if (run.indexOf(c) >= 0) return false;
  const pad = padOf(run);
  const eq = run.indexOf(0x3d);
  if (eq >= 0 && eq < len - pad) return false;
  const last = b64Value(run[len - 1 - pad]!);
  return last >= 0 && (pad === 0 || (pad === 1 ? last % 4 === 0 : last % 16 === 0));
}


const SLICE = 64 * 1024; // a multiple of 4: each slice decodes on its own

/** Decodes canonical-looking base64 slice by slice; null when a character outside the alphabet made it shorter. */
function decodeRun(run: Buffer): Buffer | null {
  const out = Buffer.allocUnsafe(decodedSize(run));
  let at = 0;
  for (let i = 0; i < run.length; i += SLICE) at += out.write(run.subarray(i, i + SLICE).toString('latin1'), at, 'base64');
  return at === out.length ? out : null;
}

const stripCid = (id: string) => id.replace(/^cid:/i, '').trim();

function attachmentsOf(tree: Group): PackageAttachment<Buffer | null>[] {
  const manifest = child(child(child(tree, 'edXMLEnvelope'), 'edXMLBody'), 'edXMLManifest');
  const refs = children(manifest, 'Reference');
  const atts = children(child(tree, 'AttachmentEncoded'), 'Attachment');
  if (atts.length > MAX_ATTACHMENTS) throw invalidElement('AttachmentEncoded', `có hơn ${MAX_ATTACHMENTS} tệp.`, `it holds more than ${MAX_ATTACHMENTS} files.`);
  const seen = new Set<string>();
  const out = atts.map((a, i): PackageAttachment<Buffer | null> => {
    const path = `AttachmentEncoded/Attachment[${i + 1}]`;
    const contentId = stripCid(textOf(a, 'ContentId') ?? '');
    if (contentId) {
      if (seen.has(contentId)) throw invalidElement(`${path}/ContentId`, `ContentId "${contentId}" bị trùng.`, `ContentId "${contentId}" is repeated.`);
      seen.add(contentId);
    }
    const ref = contentId ? refs.find((r) => stripCid(textOf(r, 'ContentId') ?? '') === contentId) : undefined;
    const name = textOf(a, 'AttachmentName') || textOf(ref, 'AttachmentName') || textOf(a, 'Description') || textOf(ref, 'Description');
    if (!name) throw missingElement(`${path}/AttachmentName`);
    const binary = a.ContentTransferEncoded as Binary;
    return { contentId, name, contentType: textOf(a, 'ContentType') || textOf(ref, 'ContentType') || 'application/octet-stream', bytes: binary.bytes ?? null, binary, path: `${path}/ContentTransferEncoded` };
  });
  refs.forEach((r, i) => {
    const cid = stripCid(textOf(r, 'ContentId') ?? '');
    if (cid && !seen.has(cid)) {
      throw invalidElement(`edXMLManifest/Reference[${i + 1}]/ContentId`, `không có tệp "${cid}" tương ứng trong AttachmentEncoded.`, `no Attachment "${cid}" matches it in AttachmentEncoded.`);
    }
  });
  return out;
}

function headerKind(root: Element): PackageKind {
  const find = (el: Element | undefined, name: string) => (el ? elementsOf(el).find((e) => isEdxmlNs(e.namespaceURI) && e.localName === name) : undefined);
  const envelope = find(root, 'edXMLEnvelope');
  if (!envelope) throw missingElement('edXMLEnvelope');
  const header = find(envelope, 'edXMLHeader');
  if (!header) throw missingElement('edXMLHeader');
  const message = find(header, 'MessageHeader');
  if (!message) throw missingElement('MessageHeader');
  return find(message, 'StatusCode') ? 'status' : 'document';
}

/** Reads and checks a package: a document package or a status package. */
export function parsePackage(bytes: Buffer, limits: EdxmlLimits): ReadPackage {
  const pkg = readPackage(bytes, limits);
  return { ...pkg, attachments: pkg.attachments.map((a) => ({ ...a, bytes: a.bytes! })) };
}

function readPackage(bytes: Buffer, limits: EdxmlLimits): ReadPackage<Buffer | null> {
  const input = readXml(bytes, limits);
  const root = input.doc.documentElement;
  const ns = root.namespaceURI || null;
  if (ns === LEGACY_NS) {
    throw invalidElement('edXML', `dùng namespace cũ ${LEGACY_NS}; QCVN 102:2016 dùng ${EDXML_NS}.`, `it uses the old namespace ${LEGACY_NS}; QCVN 102:2016 uses ${EDXML_NS}.`);
  }
  if (root.localName !== 'edXML' || !isEdxmlNs(ns)) {
    throw invalidElement('edXML', `phần tử gốc phải là edXML (namespace ${EDXML_NS}), không phải ${root.nodeName}.`, `the root element must be edXML (namespace ${EDXML_NS}), not ${root.nodeName}.`);
  }
  const kind = headerKind(root);
  const tree = new Reader(input, limits).group(root, packageSpec(kind === 'status' ? STATUS_HEADER : DOCUMENT_HEADER), '');
  const header = child(child(child(tree, 'edXMLEnvelope'), 'edXMLHeader'), 'MessageHeader')!;
  if (kind === 'document') {
    const ids = children(header, 'To').map((t) => textOf(t, 'OrganId')!);
    const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (dup >= 0) throw invalidElement(`MessageHeader/To[${dup + 1}]/OrganId`, `nơi nhận ${ids[dup]} bị lặp lại.`, `the recipient ${ids[dup]} is repeated.`);
  }
  return { kind, tree, header, attachments: kind === 'document' ? attachmentsOf(tree) : [], input };
}
