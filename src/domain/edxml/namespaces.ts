/** The edXML namespace of QCVN 102:2016; real systems reject the older go.vn one. */
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const LEGACY_NS = 'http://www.go.vn/eDoc';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Elements of the edXML namespace, or with no namespace at all (some senders omit it). */
export const isEdxmlNs = (ns: string | null | undefined) => ns === EDXML_NS || ns === null || ns === undefined || ns === '';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** The prefixes real senders write without declaring them, and the namespace each plainly means. */
const STRAY_PREFIXES: Record<string, string> = { edXML: EDXML_NS, xlink: XLINK_NS };

/**
 * Packages of the Government Office's system use prefixes that no element in scope declares:
 * `xlink:` on a manifest Reference, `edXML:` on AttachmentEncoded after the envelope that
 * declared it has closed. Such text is not well-formed XML; this declares the known ones on
 * the element that uses them — where canonical XML writes a namespace an element needs, so
 * the signature is checked over what the sender's system signed (its serialiser dropped the
 * declarations afterwards). Any other undeclared prefix stays an error of the XML.
 */
// An attribute: its name starts after white space. Anchored so that a start tag left
// unclosed over megabytes of base64 is read in one pass, not tried from every character.
const ATTRIBUTE = /(?<=\s)([^\s=]+)\s*=\s*(?:"[^"]*"|'[^']*')/g;

export function declareStrayPrefixes(xml: string): string {
  if (!/<[^>]*?\b(edXML|xlink):/.test(xml)) return xml;
  const out: string[] = [];
  let last = 0;
  const open: string[][] = []; // prefixes declared on each open element
  const inScope = new Map<string, number>();
  const enter = (prefixes: string[]) => {
    open.push(prefixes);
    for (const p of prefixes) inScope.set(p, (inScope.get(p) ?? 0) + 1);
  };
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i)) {
    const skipTo = xml.startsWith('<!--', i) ? '-->' : xml.startsWith('<![CDATA[', i) ? ']]>' : xml[i + 1] === '?' || xml[i + 1] === '!' ? '>' : null;
    if (skipTo) {
      const end = xml.indexOf(skipTo, i);
      if (end < 0) break;
      i = end + skipTo.length;
      continue;
    }
    if (xml[i + 1] === '/') {
      for (const p of open.pop() ?? []) inScope.set(p, inScope.get(p)! - 1);
      i += 2;
      continue;
    }
    // The end of the start tag: the first '>' outside a quoted value.
    let j = i + 1;
    for (let quote = ''; j < xml.length; j++) {
      const c = xml[j]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (j >= xml.length) break;
    const selfClosing = xml[j - 1] === '/';
    const tag = xml.slice(i + 1, selfClosing ? j - 1 : j);
    const name = /^[^\s/>]*/.exec(tag)![0];
    const attrs = [...tag.slice(name.length).matchAll(ATTRIBUTE)].map((m) => m[1]!);
    const declared = attrs.filter((a) => a.startsWith('xmlns:')).map((a) => a.slice(6));
    const used = [name, ...attrs.filter((a) => a !== 'xmlns' && !a.startsWith('xmlns:'))].flatMap((n) => (n.includes(':') ? [n.slice(0, n.indexOf(':'))] : []));
    const missing = [...new Set(used)].filter((p) => STRAY_PREFIXES[p] && !declared.includes(p) && !inScope.get(p));
    if (missing.length) {
      const at = i + 1 + name.length;
      out.push(xml.slice(last, at), missing.map((p) => ` xmlns:${p}="${STRAY_PREFIXES[p]}"`).join(''));
      last = at;
    }
    if (!selfClosing) enter([...declared, ...missing]);
    i = j + 1;
  }
  if (!out.length) return xml;
  out.push(xml.slice(last));
  return out.join('');
}
