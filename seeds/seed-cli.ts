// npm run db:seed — loads the demo data into an empty database (refuses in production or when not empty).
import { loadConfig } from '../src/config.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { isDatabaseEmpty, seedDemo } from './demo.js';

const config = loadConfig();
if (config.env === 'production') {
  console.error('refusing to load demo data with NODE_ENV=production');
  process.exit(1);
}
const db = openDatabase(config.databasePath);
migrateDatabase(db);
if (!isDatabaseEmpty(db)) {
  console.error(`${config.databasePath} already has data; demo data goes only into an empty database`);
  process.exit(1);
}
const n = await seedDemo(db);
db.$client.close();
console.log(`demo data loaded: ${n.organisations} organisations, ${n.systems} systems, ${n.decisions} level decisions, ${n.users} users`);
