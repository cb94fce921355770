// npm run db:migrate — applies pending migrations to DATABASE_PATH (start-up does this too).
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from './client.js';

const config = loadConfig();
const db = openDatabase(config.databasePath);
migrateDatabase(db);
db.$client.close();
console.log(`migrated ${config.databasePath}`);
