// The JSON view's text: the draft pretty-printed, and what is wrong with typed text in words,
// with the line and column when the engine gives only a character position.

export const jsonTextOf = (draft: unknown): string => JSON.stringify(draft, null, 2) ?? '';

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

function lineAndColumn(text: string, position: number) {
  const before = text.slice(0, position).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export function parseJsonText(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(reason);
    const where =
      position && !/line/i.test(reason)
        ? (({ line, column }) => ` (line ${line}, column ${column})`)(
            lineAndColumn(text, Number(position[1])),
          )
        : '';
    return {
      ok: false,
      message: `This is not valid JSON yet: ${reason}${where}. The model keeps the last version that parsed.`,
    };
  }
}
