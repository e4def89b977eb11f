/**
 * What reading a file did that its user should know (a default missing token emptying a column),
 * kept per file for the summary of the run that reads it. Only the latest read of a file is kept.
 */
export interface ReadNote {
  code: string;
  message: string;
}

const notes = new Map<string, readonly ReadNote[]>();

export function noteRead(source: string, found: readonly ReadNote[]): void {
  if (found.length) notes.set(source, found);
  else notes.delete(source);
}

/** The notes of the latest read of `source` (none for a file not read, or read without any). */
export function readNotes(source: string): readonly ReadNote[] {
  return notes.get(source) ?? [];
}
