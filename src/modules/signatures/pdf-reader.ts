import { PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFObjectParser, PDFObjectStreamParser, PDFRawStream, PDFRef, PDFXRefStreamParser, type PDFObject } from 'pdf-lib';

/**
 * Reads only what an incremental update needs from a PDF — the last trailer, the
 * cross-reference sections (following /Prev), and the few objects asked for (catalog, page
 * tree, one page, the form) — with pdf-lib's object parser at each object's offset. The rest
 * of the file (a scan of a megabyte, the images) is never parsed. A file whose
 * cross-reference cannot be followed throws; the caller falls back to a full parse.
 */

type Entry = { offset: number } | { stream: number };

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

export function lastStartXref(pdf: Buffer): number {
  const tail = latin1(pdf.subarray(Math.max(0, pdf.length - 2048)));
  const m = [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
  if (!m) throw new Error('PDF without startxref');
  return Number(m[1]);
}

export class PdfReader {
  readonly context = PDFContext.create();
  readonly trailer: PDFDict;
  /** Offset of the last cross-reference section, and whether it is a stream. */
  readonly lastXref: number;
  readonly lastIsStream: boolean;
  readonly size: number;
  private readonly entries = new Map<number, Entry>();
  private readonly streamsRead = new Set<number>();
  /** Objects read, by number. Not the context: an object stream holds old versions of objects a later update replaced. */
  private readonly objects = new Map<number, PDFObject>();

  constructor(readonly bytes: Buffer) {
    this.lastXref = lastStartXref(bytes);
    let trailer: PDFDict | null = null;
    let isStream = false;
    const seen = new Set<number>();
    const queue = [this.lastXref];
    while (queue.length) {
      const at = queue.shift()!;
      if (seen.has(at) || at <= 0 || at >= bytes.length) throw new Error(`cross-reference at ${at} cannot be followed`);
      seen.add(at);
      const section = this.readSection(at);
      if (!trailer) {
        trailer = section.trailer;
        isStream = section.isStream;
      }
      const stm = section.trailer.get(PDFName.of('XRefStm'));
      if (stm instanceof PDFNumber) queue.unshift(stm.asNumber());
      const prev = section.trailer.get(PDFName.of('Prev'));
      if (prev instanceof PDFNumber) queue.push(prev.asNumber());
    }
    this.trailer = trailer!;
    this.lastIsStream = isStream;
    if (this.trailer.get(PDFName.of('Encrypt'))) throw new Error('encrypted PDF');
    const size = this.trailer.get(PDFName.of('Size'));
    this.size = Math.max(size instanceof PDFNumber ? size.asNumber() : 0, ...[...this.entries.keys()].map((n) => n + 1));
  }

  /** Entries of newer sections win: a number already known is not replaced. */
  private note(num: number, e: Entry) {
    if (!this.entries.has(num)) this.entries.set(num, e);
  }

  private readSection(at: number): { trailer: PDFDict; isStream: boolean } {
    const head = latin1(this.bytes.subarray(at, at + 4));
    if (head === 'xref') {
      const end = this.bytes.indexOf('trailer', at, 'latin1');
      if (end < 0) throw new Error('xref without trailer');
      const lines = latin1(this.bytes.subarray(at + 4, end)).split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean);
      let num = 0;
      for (const line of lines) {
        const parts = line.split(/\s+/);
        if (parts.length === 2) num = Number(parts[0]);
        else if (parts.length === 3) {
          if (parts[2] === 'n') this.note(num, { offset: Number(parts[0]) });
          else this.note(num, { offset: -1 });
          num++;
        }
      }
      const dict = PDFObjectParser.forBytes(this.bytes.subarray(end + 7), this.context).parseObject();
      if (!(dict instanceof PDFDict)) throw new Error('trailer is not a dictionary');
      return { trailer: dict, isStream: false };
    }
    const stream = this.objectAt(at);
    if (!(stream instanceof PDFRawStream)) throw new Error('startxref points at neither a table nor a stream');
    for (const e of PDFXRefStreamParser.forStream(stream).parseIntoContext()) {
      this.note(e.ref.objectNumber, e.deleted ? { offset: -1 } : e.inObjectStream ? { stream: e.offset } : { offset: e.offset });
    }
    return { trailer: stream.dict, isStream: true };
  }

  /** The object written at `offset` ("n g obj …"). */
  private objectAt(offset: number): PDFObject {
    const head = /^\s*\d+\s+\d+\s+obj\b/.exec(latin1(this.bytes.subarray(offset, offset + 32)));
    if (!head) throw new Error(`no object at ${offset}`);
    return PDFObjectParser.forBytes(this.bytes.subarray(offset + head[0].length), this.context).parseObject();
  }

  async lookup(obj: PDFObject | undefined): Promise<PDFObject | undefined> {
    if (!(obj instanceof PDFRef)) return obj;
    const num = obj.objectNumber;
    const known = this.objects.get(num);
    if (known) return known;
    const e = this.entries.get(num);
    if (!e || ('offset' in e && e.offset < 0)) return undefined;
    if ('offset' in e) {
      const parsed = this.objectAt(e.offset);
      this.objects.set(num, parsed);
      return parsed;
    }
    if (this.streamsRead.has(e.stream)) return undefined;
    this.streamsRead.add(e.stream);
    const holder = await this.lookup(PDFRef.of(e.stream));
    if (!(holder instanceof PDFRawStream)) throw new Error(`object stream ${e.stream} not found`);
    const scratch = PDFContext.create();
    await PDFObjectStreamParser.forStream(PDFRawStream.of(holder.dict.clone(scratch), holder.contents)).parseIntoContext();
    for (const [ref, o] of scratch.enumerateIndirectObjects()) {
      const entry = this.entries.get(ref.objectNumber);
      if (entry && 'stream' in entry && entry.stream === e.stream && !this.objects.has(ref.objectNumber)) this.objects.set(ref.objectNumber, o);
    }
    return this.objects.get(num);
  }

  async dict(obj: PDFObject | undefined): Promise<PDFDict | undefined> {
    const d = await this.lookup(obj);
    return d instanceof PDFDict ? d : undefined;
  }

  private async box(obj: PDFObject | undefined): Promise<number[] | undefined> {
    const a = await this.lookup(obj);
    if (!(a instanceof PDFArray) || a.size() !== 4) return undefined;
    const nums: number[] = [];
    for (let i = 0; i < 4; i++) {
      const v = await this.lookup(a.get(i));
      if (!(v instanceof PDFNumber)) return undefined;
      nums.push(v.asNumber());
    }
    return nums;
  }

  /** The nth page (0-based, clamped): its reference, dictionary and inherited resources. */
  async page(n: number): Promise<{ ref: PDFRef; dict: PDFDict; resources: PDFDict | undefined; mediaBox: number[] }> {
    const catalog = await this.dict(this.trailer.get(PDFName.of('Root')));
    if (!catalog) throw new Error('no catalog');
    let node = catalog.get(PDFName.of('Pages'));
    let nodeDict = await this.dict(node);
    if (!(node instanceof PDFRef) || !nodeDict) throw new Error('no page tree');
    const total = (nodeDict.get(PDFName.of('Count')) as PDFNumber | undefined)?.asNumber() ?? 1;
    let index = Math.min(Math.max(0, n), total - 1);
    let resources = await this.dict(nodeDict.get(PDFName.of('Resources')));
    let mediaBox = await this.box(nodeDict.get(PDFName.of('MediaBox')));
    for (let depth = 0; depth < 64; depth++) {
      const kids = await this.lookup(nodeDict!.get(PDFName.of('Kids')));
      if (!(kids instanceof PDFArray)) return { ref: node as PDFRef, dict: nodeDict!, resources, mediaBox: mediaBox ?? [0, 0, 595, 842] };
      let next: { ref: PDFRef; dict: PDFDict } | null = null;
      for (let i = 0; i < kids.size(); i++) {
        const ref = kids.get(i);
        const kid = await this.dict(ref);
        if (!(ref instanceof PDFRef) || !kid) continue;
        const isLeaf = kid.get(PDFName.of('Type')) === PDFName.of('Page') || !kid.get(PDFName.of('Kids'));
        const count = isLeaf ? 1 : ((kid.get(PDFName.of('Count')) as PDFNumber | undefined)?.asNumber() ?? 0);
        if (index < count) {
          next = { ref, dict: kid };
          break;
        }
        index -= count;
      }
      if (!next) throw new Error('page not found');
      node = next.ref;
      nodeDict = next.dict;
      resources = (await this.dict(nodeDict.get(PDFName.of('Resources')))) ?? resources;
      mediaBox = (await this.box(nodeDict.get(PDFName.of('MediaBox')))) ?? mediaBox;
      if (!nodeDict.get(PDFName.of('Kids'))) return { ref: next.ref, dict: nodeDict, resources, mediaBox: mediaBox ?? [0, 0, 595, 842] };
    }
    throw new Error('page tree too deep');
  }
}
