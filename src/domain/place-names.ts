/**
 * The English name of a Vietnamese administrative unit: the kind goes after the name, in
 * English, and the name is written without diacritics ("Tỉnh Đồng Nai" → "Dong Nai Province"),
 * as English texts of the Government write them. A name of no known kind is left as it is.
 */
const KINDS: [RegExp, string][] = [
  [/^tỉnh\s+/i, 'Province'],
  [/^thành phố\s+/i, 'City'],
  [/^đặc khu\s+/i, 'Special Zone'],
  [/^phường\s+/i, 'Ward'],
  [/^xã\s+/i, 'Commune'],
];

const plain = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');

export function englishUnitName(name: string): string {
  const n = name.trim().normalize('NFC');
  for (const [kind, en] of KINDS) if (kind.test(n)) return `${plain(n.replace(kind, ''))} ${en}`;
  return n;
}
