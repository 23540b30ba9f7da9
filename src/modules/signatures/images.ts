import { deflateSync } from 'node:zlib';

/**
 * Stand-in images for the demo province and the tests: a red seal (a ring with a star) and
 * a blue handwritten-like stroke, as transparent PNGs. Real agencies upload their scans.
 */
const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** An RGBA PNG from a function giving each pixel's colour (or null for transparent). */
export function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number] | null): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    for (let x = 0; x < width; x++) {
      const p = pixel(x, y);
      if (p) raw.set(p, row + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function sealImage(): Buffer {
  const n = 160;
  const c = n / 2;
  return png(n, n, (x, y) => {
    const r = Math.hypot(x - c, y - c);
    const a = Math.atan2(y - c, x - c);
    const star = r < 30 * (0.55 + 0.45 * Math.abs(Math.cos((5 * a) / 2)));
    return (r > 70 && r < 78) || (r > 58 && r < 61) || star ? [200, 16, 16, 230] : null;
  });
}

export function signatureImage(): Buffer {
  const w = 240;
  const h = 90;
  return png(w, h, (x, y) => {
    const curve = h / 2 + 22 * Math.sin(x / 17) * Math.cos(x / 53) - (x - w / 2) / 9;
    return Math.abs(y - curve) < 2.2 && x > 12 && x < w - 12 ? [20, 50, 170, 255] : null;
  });
}
