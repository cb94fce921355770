/** A file that cannot be imported at all (not a spreadsheet, damaged, past a limit): one message for the form. */
export class ImportFileError extends Error {
  constructor(readonly key: string, readonly params?: Record<string, string | number>) {
    super(key);
  }
}
