import type { Db } from '../../db/client.js';
import { isReferenced } from './files.repository.js';
import { removeReport, storeReport, type PreparedReport } from './stored-files.js';

/**
 * Stores the files, then runs `write` (the rows that point at them). The files go to disk first, so a row
 * never points at a missing file; if `write` throws, each file this call created and no row refers to is
 * removed again.
 */
export async function withStoredFiles<T>(db: Db, uploadDir: string, files: readonly PreparedReport[], write: (storedAs: string[]) => T): Promise<T> {
  const stored: { storedAs: string; created: boolean; sha256: string }[] = [];
  try {
    for (const f of files) stored.push({ ...(await storeReport(uploadDir, f)), sha256: f.sha256 });
    return write(stored.map((s) => s.storedAs));
  } catch (err) {
    for (const s of stored) if (s.created && !isReferenced(db, s.sha256)) await removeReport(uploadDir, s.storedAs);
    throw err;
  }
}
