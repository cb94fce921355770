import { eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { assessments } from '../../db/schema/assessments.js';
import { evidenceFileVersions } from '../../db/schema/evidence.js';

/** Every SHA-256 a row still points at: assessment reports and every version of every evidence file. */
export function referencedHashes(db: Db): Set<string> {
  const reports = db.select({ sha: assessments.fileSha256 }).from(assessments).where(isNotNull(assessments.fileSha256)).all();
  const versions = db.select({ sha: evidenceFileVersions.sha256 }).from(evidenceFileVersions).all();
  return new Set([...reports, ...versions].map((r) => r.sha!));
}

/** Whether any row points at this stored file (a store is undone only when none does). */
export function isReferenced(db: Db, sha256: string): boolean {
  const report = db.select({ n: sql<number>`count(*)` }).from(assessments).where(eq(assessments.fileSha256, sha256)).get()?.n ?? 0;
  const version = db.select({ n: sql<number>`count(*)` }).from(evidenceFileVersions).where(eq(evidenceFileVersions.sha256, sha256)).get()?.n ?? 0;
  return report + version > 0;
}
