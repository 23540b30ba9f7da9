/**
 * A package read into plain data: each known element under its local name (a list when it
 * may repeat), leaves as trimmed text (dates as YYYY-MM-DD, timestamps as
 * "YYYY-MM-DD HH:mm:ss"), attachment contents as bytes. Unknown elements are kept in
 * `_extra` and attributes of known groups in `_attrs`, so nothing read is lost.
 */
export interface XmlNode {
  ns: string | null;
  name: string;
  attrs?: Record<string, string>;
  children: (XmlNode | string)[];
}

/** Attachment bytes; stored as JSON they become { sha256, size }. */
export interface Binary {
  bytes?: Buffer;
  sha256?: string;
  size: number;
  /** The run of the input its base64 was read from, when that text is the canonical base64 of the bytes. */
  run?: number;
}

export type Leaf = string | Binary;
export type Value = Leaf | Group;

export interface Group {
  _extra?: XmlNode[];
  _attrs?: Record<string, string>;
  [name: string]: Value | Value[] | XmlNode[] | Record<string, string> | undefined;
}

export const isGroup = (v: unknown): v is Group => typeof v === 'object' && v !== null && !Array.isArray(v) && !isBinary(v);
export const isBinary = (v: unknown): v is Binary => typeof v === 'object' && v !== null && 'size' in v && typeof (v as Binary).size === 'number' && !('_extra' in v);

/** The child group of that name (the first when repeated), or undefined. */
export function child(g: Group | undefined, name: string): Group | undefined {
  const v = g?.[name];
  const first = Array.isArray(v) ? v[0] : v;
  return isGroup(first) ? first : undefined;
}

export function children(g: Group | undefined, name: string): Group[] {
  const v = g?.[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(isGroup) as Group[];
}

/** The text of a leaf child ('' when present and empty, undefined when absent). */
export function textOf(g: Group | undefined, name: string): string | undefined {
  const v = g?.[name];
  return typeof v === 'string' ? v : undefined;
}

export function textsOf(g: Group | undefined, name: string): string[] {
  const v = g?.[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/** A deep copy for storage as JSON: attachment bytes become their hash and size. */
export function treeToJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(treeToJson);
  if (Buffer.isBuffer(v)) return undefined;
  if (typeof v === 'object' && v !== null) {
    if (isBinary(v)) return { sha256: v.sha256, size: v.size };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, treeToJson(x)]));
  }
  return v;
}
