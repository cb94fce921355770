// Files no row refers to any more (an evidence item deleted with its versions, a store whose database write
// failed and could not be undone): found by walking UPLOAD_DIR and comparing with the hashes the tables hold.
// A dry run by default; files written in the last hour are left alone, so an upload whose row is being
// written as the sweep runs is never taken for an orphan.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/client.js';
import { referencedHashes } from './files.repository.js';

/** How recent a file may be and still not be swept (the upload and its row are written a moment apart). */
export const GC_GRACE_MS = 60 * 60 * 1000;

export interface SweptFile {
  /** relative to the upload directory: `ab/ab12…`, or a leftover temporary file */
  path: string;
  size: number;
}

export interface GcResult {
  /** false: a dry run, nothing removed */
  deleted: boolean;
  kept: number;
  unreferenced: SweptFile[];
  bytes: number;
}

const HEX2 = /^[0-9a-f]{2}$/;
const SHA = /^[0-9a-f]{64}$/;
const TMP = /^\.[0-9a-f]{64}\.[0-9a-f]+\.tmp$/;

/**
 * The stored files no row points at (and temporary files left by an interrupted upload), removed when
 * `remove` is true. Anything else found in the directory is left as it is.
 */
export async function sweepUploads(db: Db, uploadDir: string, opts: { remove?: boolean; now?: number } = {}): Promise<GcResult> {
  const remove = opts.remove ?? false;
  const cutoff = (opts.now ?? Date.now()) - GC_GRACE_MS;
  const referenced = referencedHashes(db);
  const result: GcResult = { deleted: remove, kept: 0, unreferenced: [], bytes: 0 };
  const dirs = await readdir(uploadDir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  for (const d of dirs) {
    if (!d.isDirectory() || !HEX2.test(d.name)) continue;
    for (const f of await readdir(join(uploadDir, d.name), { withFileTypes: true })) {
      if (!f.isFile()) continue;
      const stored = SHA.test(f.name) && f.name.startsWith(d.name);
      if (!stored && !TMP.test(f.name)) continue;
      if (stored && referenced.has(f.name)) {
        result.kept += 1;
        continue;
      }
      const full = join(uploadDir, d.name, f.name);
      const info = await stat(full);
      if (info.mtimeMs > cutoff) {
        result.kept += 1;
        continue;
      }
      result.unreferenced.push({ path: `${d.name}/${f.name}`, size: info.size });
      result.bytes += info.size;
      if (remove) await rm(full, { force: true });
    }
  }
  result.unreferenced.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}
