// Text in the model editor's inputs and the draft values it stands for. What does not parse is
// kept as the typed string, so checkSpec can say at the field what is wrong with it.

const parts = (text: string) => text.split(/[,×]/).map((part) => part.trim());
const isNumberText = (part: string) => part !== '' && Number.isFinite(Number(part));

/** "" removes the field; a number becomes a number; anything else stays as typed. */
export function parseNumberText(text: string): unknown {
  if (text.trim() === '') return undefined;
  return isNumberText(text.trim()) ? Number(text) : text;
}

/** kernelSize, strides, poolSize: "3" → 3, "3,2" → [3, 2]. */
export function parsePairText(text: string): unknown {
  if (text.trim() === '') return undefined;
  const numbers = parts(text);
  if (!numbers.every(isNumberText)) return text;
  return numbers.length === 1 ? Number(numbers[0]) : numbers.map(Number);
}

/** The input shape: "10,10,1" → [10, 10, 1], "4" → [4]. */
export function parseShapeText(text: string): unknown {
  if (text.trim() === '') return undefined;
  const numbers = parts(text);
  return numbers.every(isNumberText) ? numbers.map(Number) : text;
}

/** How a draft value reads in a text input. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value.join(',');
  return JSON.stringify(value);
}

/** Equal as JSON: how the editor decides whether typed text still means the draft's value. */
export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
