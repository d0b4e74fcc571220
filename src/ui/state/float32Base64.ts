// Float32 values as base64 text of their little-endian bytes, and back: the notebook file's
// encoding for weights. Exact (the bytes themselves), 4/3 characters a byte, and read without
// evaluating anything: a text that is not base64 of whole float32 values reads as null.
export const WEIGHTS_ENCODING = 'float32-le-base64';

/** btoa and atob take strings of one byte a character: go in pieces that String.fromCharCode takes. */
const CHUNK = 0x8000;

export function encodeFloat32(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

const isBase64 = (text: string) => text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);

/** The values, or null when the text is not base64 of a whole number of float32 values. */
export function decodeFloat32(text: string): Float32Array | null {
  if (!isBase64(text)) return null;
  const binary = atob(text);
  if (binary.length % 4 !== 0) return null;
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const values = new Float32Array(binary.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
