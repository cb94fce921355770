// npm run gc-files [-- --delete] — lists the files under UPLOAD_DIR that no assessment and no evidence
// version refers to (a dry run); with --delete, removes them. Run it with the server's environment.
import { ConfigError, loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { sweepUploads } from './files-gc.service.js';

class UsageError extends Error {}

async function main(argv: string[]): Promise<string[]> {
  const unknown = argv.filter((a) => a !== '--delete');
  if (unknown.length) throw new UsageError('usage: npm run gc-files [-- --delete]');
  const remove = argv.includes('--delete');
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  try {
    const r = await sweepUploads(db, config.uploadDir, { remove });
    const mb = (r.bytes / (1024 * 1024)).toFixed(1);
    return [
      ...r.unreferenced.map((f) => `${remove ? 'removed' : 'unreferenced'}: ${f.path} (${f.size} bytes)`),
      remove
        ? `gc-files: ${r.unreferenced.length} files removed (${mb} MB), ${r.kept} kept`
        : `gc-files: ${r.unreferenced.length} files unreferenced (${mb} MB), ${r.kept} kept; dry run, nothing removed (add -- --delete to remove them)`,
    ];
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).then(
  (lines) => {
    for (const l of lines) console.log(l);
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) console.error(err.message);
    else console.error('gc-files failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
