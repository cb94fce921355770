// The demo data lives in seeds/, outside src/. `npm start` runs src/ through tsx and loads it into an
// empty database; the compiled build (dist/, what production runs) leaves seeds/ out, so a production
// image never carries the demo accounts.
import type { Db } from './db/client.js';

/** What the server needs of seeds/demo.ts (which checks that it matches). */
export interface DemoSeeds {
  isDatabaseEmpty(db: Db): boolean;
  seedDemo(db: Db): Promise<{ organisations: number; systems: number; decisions: number }>;
}

/** seeds/demo.ts when running from the TypeScript sources, undefined in the compiled build. */
export async function loadDemoSeeds(): Promise<DemoSeeds | undefined> {
  if (!import.meta.url.endsWith('.ts')) return undefined;
  // a specifier tsc does not follow: the build compiles src/ alone
  const specifier = '../seeds/demo.js';
  return (await import(specifier)) as DemoSeeds;
}
