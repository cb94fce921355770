import { migrateDatabase, openDatabase } from './src/db/client.js';
import { seedDemo } from './seeds/demo.js';
import { loadFacts } from './src/modules/evaluation/facts.repository.js';
import { judgeSystem, engineConfig } from './src/domain/rules/index.js';
const db = openDatabase(':memory:'); migrateDatabase(db); await seedDemo(db);
const asOf = process.argv[2] ?? '2026-11-24';
const f = loadFacts(db, {}, asOf, () => false);
for (const s of f.systems) {
  const j = judgeSystem(s, asOf, engineConfig());
  const pick = j.results.filter(r => ['ASM-01','ASM-02','ASM-03','ASM-04','ASM-05'].includes(r.rule) && (r.state==='gap'||r.state==='due_soon'));
  if (pick.length) console.log(s.code, pick.map(r => `${r.rule}:${r.state}:${r.messageKey.split('.').pop()}:${r.dueDate}`).join(' | '));
}
