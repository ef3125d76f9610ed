/**
 * Photos of citizens' reports: the type is read from the file's first bytes (its magic number),
 * never from the name or the declared type, and every block that can carry personal data is cut
 * out before the file is kept: EXIF (GPS position, camera serial, date), XMP, comments and text
 * chunks. The pixels are copied as they are (no decoding, no re-encoding).
 *
 * - JPEG: the segments before the image data are walked; APP0 (JFIF) and APP14 (Adobe colour
 *   transform) are kept, every other APPn (EXIF, XMP, ICC, maker notes) and COM are dropped; the
 *   entropy-coded data from SOS to the end is copied.
 * - PNG: the critical chunks and the colour ancillary chunks (tRNS, gAMA, cHRM, sRGB, sBIT, bKGD,
 *   pHYs) are kept; text (tEXt, zTXt, iTXt), eXIf, tIME and anything else are dropped.
 * - WebP: the RIFF chunks EXIF and XMP are dropped and the VP8X flags saying they exist cleared.
 *
 * Source of the layouts: ITU-T T.81 annex B (JPEG markers), the PNG specification (ISO/IEC 15948)
 * chunk list, Google's WebP container specification.
 */

import { PHOTO_TYPES } from '../../contract/citizens.js';

/** Image types a report may carry (recognised by their first bytes). */
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** The file is not an image of an accepted type, or its structure is broken. */
export class PhotoError extends Error {
  override readonly name = 'PhotoError';
}

/** The type of an image from its first bytes, or null when it is none of {@link PHOTO_TYPES}. */
export function photoTypeOf(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * The image with its metadata removed (see the file comment).
 * @throws PhotoError when the bytes are not a well-formed image of an accepted type.
 */
export function sanitizePhoto(bytes: Uint8Array): { type: PhotoType; bytes: Buffer } {
  const type = photoTypeOf(bytes);
  if (type === null) throw new PhotoError('the photo must be a JPEG, PNG or WebP image');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = type === 'image/jpeg' ? stripJpeg(buf) : type === 'image/png' ? stripPng(buf) : stripWebp(buf);
  return { type, bytes: out };
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function stripJpeg(buf: Buffer): Buffer {
  const parts: Buffer[] = [buf.subarray(0, 2)];
  let at = 2;
  for (;;) {
    if (at + 4 > buf.length) throw new PhotoError('the JPEG image ends before its image data');
    if (buf[at] !== 0xff) throw new PhotoError('the JPEG image is malformed (a segment does not start with a marker)');
    const marker = buf[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) throw new PhotoError('the JPEG image holds no image data');
    const length = buf.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > buf.length) throw new PhotoError('the JPEG image is malformed (a segment runs past the end)');
    const segment = buf.subarray(at, at + 2 + length);
    if (marker === 0xda) {
      parts.push(buf.subarray(at)); // start of scan: the rest is image data
      return Buffer.concat(parts);
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keep = !(isApp && marker !== 0xe0 && marker !== 0xee) && marker !== 0xfe;
    if (keep) parts.push(segment);
    at += 2 + length;
  }
}

const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD', 'pHYs']);

function stripPng(buf: Buffer): Buffer {
  const parts: Buffer[] = [buf.subarray(0, 8)];
  let at = 8;
  let ended = false;
  while (at < buf.length && !ended) {
    if (at + 12 > buf.length) throw new PhotoError('the PNG image is malformed (a chunk runs past the end)');
    const length = buf.readUInt32BE(at);
    const kind = ascii(buf, at + 4, 4);
    const end = at + 12 + length;
    if (end > buf.length) throw new PhotoError('the PNG image is malformed (a chunk runs past the end)');
    if (PNG_KEEP.has(kind)) parts.push(buf.subarray(at, end));
    ended = kind === 'IEND';
    at = end;
  }
  if (!ended) throw new PhotoError('the PNG image has no end chunk');
  return Buffer.concat(parts);
}

function stripWebp(buf: Buffer): Buffer {
  const declared = buf.readUInt32LE(4) + 8;
  if (declared > buf.length) throw new PhotoError('the WebP image is shorter than its header says');
  const parts: Buffer[] = [];
  let at = 12;
  while (at + 8 <= declared) {
    const kind = ascii(buf, at, 4);
    const length = buf.readUInt32LE(at + 4);
    const end = at + 8 + length + (length % 2);
    if (at + 8 + length > declared) throw new PhotoError('the WebP image is malformed (a chunk runs past the end)');
    if (kind !== 'EXIF' && kind !== 'XMP ') {
      const chunk = Buffer.from(buf.subarray(at, Math.min(end, declared)));
      if (kind === 'VP8X' && chunk.length > 8) chunk[8] = chunk[8]! & ~0x0c; // no EXIF (0x08) nor XMP (0x04) any more
      parts.push(chunk);
    }
    at = end;
  }
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'ascii');
  return Buffer.concat([header, body]);
}
