// The files of a drop, folders included: a dropped folder is walked with webkitGetAsEntry (every
// file under it, at any depth). The entries must be taken during the drop event itself; the
// walk then runs asynchronously.

/** Takes the drop's entries now; resolves to every file under them. */
export function filesOfDrop(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  // A browser without entries: the plain file list (folders then arrive as unreadable files).
  if (entries.some((entry) => entry === null)) return Promise.resolve([...transfer.files]);
  return Promise.all(entries.map((entry) => filesUnder(entry!))).then((lists) => lists.flat());
}

async function filesUnder(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile)
    return [await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail))];
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in chunks (100 at a time in Chromium) until it answers none.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (chunk.length === 0) break;
    children.push(...chunk);
  }
  const lists = await Promise.all(children.map(filesUnder));
  return lists.flat();
}
