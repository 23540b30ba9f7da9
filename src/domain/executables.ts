/**
 * Executable files in mail: refused whole, whatever the sender calls them. The content is
 * checked first (a renamed program is still a program); the name is a second check for
 * scripts that have no signature of their own. Zip archives are looked into by the names
 * of their entries, since that is how programs are usually smuggled.
 */

/** Extensions Windows, macOS, Linux or Android run, open as programs, or mount. */
export const DANGEROUS_EXTENSIONS = new Set([
  'exe', 'com', 'scr', 'pif', 'bat', 'cmd', 'msi', 'msp', 'mst', 'dll', 'cpl', 'sys', 'drv', 'ocx',
  'jar', 'class', 'js', 'jse', 'mjs', 'vbs', 'vbe', 'vb', 'wsf', 'wsh', 'wsc', 'ws', 'ps1', 'psm1', 'psd1', 'ps1xml', 'psc1',
  'hta', 'lnk', 'url', 'scf', 'inf', 'reg', 'msc', 'gadget', 'application', 'appref-ms', 'settingcontent-ms',
  'sh', 'bash', 'csh', 'ksh', 'run', 'bin', 'elf', 'app', 'command', 'pkg', 'dmg', 'apk', 'xapk', 'appx', 'msix', 'deb', 'rpm',
  'iso', 'img', 'vhd', 'vhdx', 'chm', 'xll', 'xlam', 'docm', 'dotm', 'xlsm', 'xltm', 'pptm', 'potm', 'ppam', 'sldm',
]);

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/** What kind of program the bytes are, by signature, or null. */
export function executableKindOf(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x4d, 0x5a])) return 'Windows (MZ/PE)';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'ELF';
  for (const sig of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]]) {
    if (startsWith(bytes, sig)) return 'Mach-O';
  }
  if (startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])) return 'Mach-O/Java';
  if (startsWith(bytes, [0x64, 0x65, 0x78, 0x0a])) return 'Android DEX';
  if (startsWith(bytes, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00])) return 'Windows shortcut';
  if (startsWith(bytes, [0x23, 0x21])) return 'script (#!)';
  return null;
}

export function extensionOf(fileName: string): string {
  const base = fileName.trim().replace(/[\s.]+$/, '').split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Names of the entries of a zip archive, read from its local file headers (bounded). */
export function zipEntryNames(bytes: Buffer, max = 10_000): string[] {
  const names: string[] = [];
  let at = bytes.indexOf('PK\x03\x04', 0, 'latin1');
  while (at >= 0 && at + 30 <= bytes.length && names.length < max) {
    const nameLength = bytes.readUInt16LE(at + 26);
    const extraLength = bytes.readUInt16LE(at + 28);
    const nameEnd = at + 30 + nameLength;
    if (nameEnd > bytes.length) break;
    names.push(bytes.subarray(at + 30, nameEnd).toString('utf8'));
    at = bytes.indexOf('PK\x03\x04', nameEnd + extraLength, 'latin1');
  }
  return names;
}

const isZip = (b: Buffer) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]);

/**
 * Why a file must not be let in, or null. Office documents with macros (docm, xlsm …) count
 * as programs here: official documents are sent without macros.
 */
export function executableReason(bytes: Buffer, fileName: string): string | null {
  const kind = executableKindOf(bytes);
  if (kind) return `${fileName || 'tệp'}: ${kind}`;
  const ext = extensionOf(fileName);
  if (DANGEROUS_EXTENSIONS.has(ext)) return `${fileName}: .${ext}`;
  if (isZip(bytes)) {
    for (const entry of zipEntryNames(bytes)) {
      const inner = extensionOf(entry);
      if (DANGEROUS_EXTENSIONS.has(inner) || entry === 'classes.dex' || entry === 'META-INF/MANIFEST.MF') {
        return `${fileName || 'tệp nén'} → ${entry}`;
      }
      if (entry.toLowerCase().endsWith('vbaproject.bin')) return `${fileName}: macro (vbaProject.bin)`;
    }
  }
  return null;
}
