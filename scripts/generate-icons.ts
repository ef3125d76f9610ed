/**
 * Draws the installable app's icons (issue #15) without any network or image library:
 *
 *   npx tsx scripts/generate-icons.ts
 *
 * writes client/public/icons/icon-192.png and icon-512.png (a white bin with a green lid on the
 * dashboard's dark blue, inside the "maskable" safe circle), as plain RGBA PNGs encoded with zlib.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT_DIR = fileURLToPath(new URL('../client/public/icons/', import.meta.url));
const BLUE = [0x1b, 0x2a, 0x55, 255];
const WHITE = [255, 255, 255, 255];
const GREEN = [0x2e, 0x9e, 0x44, 255];

/** CRC-32 of PNG chunks. */
function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The colour of pixel (x, y) in unit coordinates (0..1). */
function colourAt(x: number, y: number): number[] {
  const inRect = (x0: number, y0: number, x1: number, y1: number): boolean => x >= x0 && x <= x1 && y >= y0 && y <= y1;
  // the bin's body narrows towards the bottom
  const bodyTop = 0.36;
  const bodyBottom = 0.76;
  const inset = 0.04 * ((y - bodyTop) / (bodyBottom - bodyTop));
  if (inRect(0.3, 0.26, 0.7, 0.33)) return GREEN; // lid
  if (inRect(0.44, 0.21, 0.56, 0.26)) return GREEN; // handle
  if (y >= bodyTop && y <= bodyBottom && x >= 0.33 + inset && x <= 0.67 - inset) {
    // three white slats with blue gaps
    return inRect(0.425, 0.42, 0.445, 0.7) || inRect(0.49, 0.42, 0.51, 0.7) || inRect(0.555, 0.42, 0.575, 0.7) ? BLUE : WHITE;
  }
  return BLUE;
}

function png(size: number): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const c = colourAt((x + 0.5) / size, (y + 0.5) / size);
      raw.set(c, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync(OUT_DIR, { recursive: true });
for (const size of [192, 512]) {
  const file = path.join(OUT_DIR, `icon-${size}.png`);
  writeFileSync(file, png(size));
  process.stdout.write(`${file}\n`);
}
