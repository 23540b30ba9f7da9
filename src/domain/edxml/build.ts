import { randomBytes } from 'node:crypto';
import { EDXML_NS } from './namespaces.js';
import { DOCUMENT_HEADER, STATUS_HEADER, packageSpec, type GroupSpec, type Spec } from './schema.js';
import { writeEdxmlDate, writeEdxmlTimestamp } from './dates.js';
import { runPattern } from './read.js';
import { isGroup, type Binary, type Group, type XmlNode } from './tree.js';
import type { PackageKind } from './parse.js';

/**
 * A package written out in the order of the schema, indented. The base64 of attachments
 * is kept apart (placeholders in `skeleton`, bytes in `runs`) so signing and hashing never
 * copy it into one large string; `packageBytes` puts the pieces together.
 */
export interface BuiltPackage {
  skeleton: string;
  runs: Buffer[];
  token: string;
}

// XML 1.0 cannot carry these characters at all; they become U+FFFD rather than break the package.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escText = (s: string) => s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escAttr = (s: string) =>
  s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');
const attrText = (attrs: Record<string, string> | undefined) =>
  attrs ? Object.entries(attrs).map(([k, v]) => ` ${k}="${escAttr(v)}"`).join('') : '';

class Writer {
  out: string[] = [];
  runs: Buffer[] = [];
  constructor(readonly token: string) {}

  group(g: Group, spec: GroupSpec, depth: number, prefixed: boolean, rootDecl = '') {
    const pad = '  '.repeat(depth);
    const q = prefixed ? `edXML:${spec.name}` : spec.name;
    const open = `${pad}<${q}${rootDecl}${attrText(g._attrs)}`;
    const start = this.out.length;
    this.out.push(`${open}>\n`);
    for (const s of spec.children) {
      const v = g[s.name];
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) this.value(item as Group | string | Binary, s, depth + 1, !spec.unprefixed);
    }
    for (const n of g._extra ?? []) this.node(n, depth + 1, EDXML_NS);
    if (this.out.length === start + 1) this.out[start] = `${open}/>\n`;
    else this.out.push(`${pad}</${q}>\n`);
  }

  value(v: Group | string | Binary, spec: Spec, depth: number, prefixed: boolean) {
    if (spec.kind === 'group') {
      if (isGroup(v)) this.group(v, spec, depth, !spec.unprefixed);
      return;
    }
    const pad = '  '.repeat(depth);
    const q = prefixed || spec.kind === 'binary' ? `edXML:${spec.name}` : spec.name;
    if (spec.kind === 'binary') {
      const b = v as Binary;
      this.out.push(`${pad}<${q}>${this.token}N${this.runs.length}Z</${q}>\n`);
      this.runs.push(Buffer.from(b.bytes!.toString('base64'), 'latin1'));
      return;
    }
    let s = typeof v === 'string' ? v : '';
    if (spec.kind === 'date') s = writeEdxmlDate(s);
    if (spec.kind === 'timestamp') s = writeEdxmlTimestamp(s);
    this.out.push(s === '' ? `${pad}<${q}/>\n` : `${pad}<${q}>${escText(s)}</${q}>\n`);
  }

  /** An element kept from an incoming package, in its own namespace. */
  node(n: XmlNode, depth: number, defaultNs: string | null) {
    const pad = '  '.repeat(depth);
    const q = n.ns === EDXML_NS ? `edXML:${n.name}` : n.name;
    const decl = n.ns === EDXML_NS || n.ns === defaultNs ? '' : ` xmlns="${escAttr(n.ns ?? '')}"`;
    const inner = n.ns === EDXML_NS ? defaultNs : n.ns;
    const open = `<${q}${decl}${attrText(n.attrs)}`;
    if (!n.children.length) return void this.out.push(`${pad}${open}/>\n`);
    if (n.children.some((c) => typeof c === 'string')) {
      return void this.out.push(`${pad}${open}>${inlineNodes(n.children, inner)}</${q}>\n`);
    }
    this.out.push(`${pad}${open}>\n`);
    for (const c of n.children) this.node(c as XmlNode, depth + 1, inner);
    this.out.push(`${pad}</${q}>\n`);
  }
}

function inlineNodes(children: (XmlNode | string)[], defaultNs: string | null): string {
  return children
    .map((c) => {
      if (typeof c === 'string') return escText(c);
      const q = c.ns === EDXML_NS ? `edXML:${c.name}` : c.name;
      const decl = c.ns === EDXML_NS || c.ns === defaultNs ? '' : ` xmlns="${escAttr(c.ns ?? '')}"`;
      const inner = c.ns === EDXML_NS ? defaultNs : c.ns;
      return c.children.length ? `<${q}${decl}${attrText(c.attrs)}>${inlineNodes(c.children, inner)}</${q}>` : `<${q}${decl}${attrText(c.attrs)}/>`;
    })
    .join('');
}

/** Writes a package tree (as parsePackage gives it, or as an export builds it). */
export function buildPackage(tree: Group, kind: PackageKind): BuiltPackage {
  const w = new Writer(`EDXMLRUN${randomBytes(12).toString('hex')}`);
  w.out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  w.group(tree, packageSpec(kind === 'status' ? STATUS_HEADER : DOCUMENT_HEADER), 0, false, ` xmlns="${EDXML_NS}" xmlns:edXML="${EDXML_NS}"`);
  return { skeleton: w.out.join(''), runs: w.runs, token: w.token };
}

/** The bytes of a package: its text with the attachment runs put back in place. */
export function packageBytes(p: BuiltPackage): Buffer {
  if (!p.runs.length) return Buffer.from(p.skeleton, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of p.skeleton.matchAll(runPattern(p.token))) {
    parts.push(Buffer.from(p.skeleton.slice(last, m.index), 'utf8'), p.runs[Number(m[1])]!);
    last = m.index! + m[0].length;
  }
  parts.push(Buffer.from(p.skeleton.slice(last), 'utf8'));
  return Buffer.concat(parts);
}
