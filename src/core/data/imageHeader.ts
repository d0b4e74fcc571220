// An image's width and height read from the first bytes of its file (PNG, JPEG, GIF, WebP,
// BMP), so an image over the pixel limit is refused before the browser decodes it into memory
// (a 10 000 × 10 000 JPEG of 5 MB would need 400 MB decoded). Unknown or cut-short headers give
// null: the decoded bitmap is then checked instead. Pure TypeScript.

export interface ImageSize {
  width: number;
  height: number;
}

/** Bytes to read from the start of a file: enough for a JPEG whose EXIF block comes first. */
export const HEADER_BYTES = 256 * 1024;

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  at + text.length <= bytes.length &&
  [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));

export function imageHeaderSize(bytes: Uint8Array): ImageSize | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (n: number) => bytes.length >= n;
  // PNG: the signature, then the IHDR chunk's width and height (big-endian).
  if (has(24) && bytes[0] === 0x89 && ascii(bytes, 1, 'PNG') && ascii(bytes, 12, 'IHDR'))
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (has(10) && (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')))
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (has(26) && ascii(bytes, 0, 'BM'))
    return {
      width: Math.abs(view.getInt32(18, true)),
      height: Math.abs(view.getInt32(22, true)),
    };
  if (has(30) && ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return webpSize(bytes, view);
  if (has(4) && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes, view);
  return null;
}

function webpSize(bytes: Uint8Array, view: DataView): ImageSize | null {
  if (ascii(bytes, 12, 'VP8X')) {
    const u24 = (at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
    return { width: 1 + u24(24), height: 1 + u24(27) };
  }
  if (ascii(bytes, 12, 'VP8L')) {
    const [b0, b1, b2, b3] = bytes.subarray(21, 25);
    return {
      width: 1 + (b0 | ((b1 & 0x3f) << 8)),
      height: 1 + ((b1 >> 6) | (b2 << 2) | ((b3 & 0x0f) << 10)),
    };
  }
  if (ascii(bytes, 12, 'VP8 '))
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  return null;
}

/** Walks the JPEG's segments to the first start-of-frame, which holds height then width. */
function jpegSize(bytes: Uint8Array, view: DataView): ImageSize | null {
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // Markers without a length: TEM and the restart markers.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}
