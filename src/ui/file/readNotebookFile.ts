// A picked or dropped file to a notebook: its size is checked before a byte is read, then its
// text goes through the format's checks (state/notebookFile.ts).
import { MAX_FILE_BYTES, readNotebookText, type NotebookRead } from '../state/notebookFile';

export async function readNotebookFile(file: Blob & { name?: string }): Promise<NotebookRead> {
  if (file.size > MAX_FILE_BYTES)
    return {
      ok: false,
      message: `this file is ${(file.size / (1024 * 1024)).toFixed(1)} MB; a notebook file is at most ${MAX_FILE_BYTES / (1024 * 1024)} MB`,
    };
  let text: string;
  try {
    text = await textOf(file);
  } catch (error) {
    return { ok: false, message: `the file could not be read (${(error as Error).message})` };
  }
  return readNotebookText(text);
}

/** Blob.text() where there is one; FileReader elsewhere (older browsers, jsdom). */
function textOf(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(file);
  });
}
