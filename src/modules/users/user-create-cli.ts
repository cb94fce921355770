// npm run user:create -- --username X --full-name "..." --role admin --org CODE [--org-name "..."] [--email e]
// Bootstraps an installation's accounts: prints a one-time password once; it must be changed at sign-in.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../config.js';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { ROLES } from '../../db/schema/users.js';
import { ValidationError } from '../../domain/errors.js';
import { code, optEmail, optText, reqEnum, reqText } from '../../web/forms.js';
import { username } from './users.schemas.js';
import { bootstrapUser } from './users.service.js';

const USAGE = 'usage: npm run user:create -- --username X --full-name "..." --role admin|owner|auditor|viewer --org CODE [--org-name "..."] [--email e]';

const args = z.object({
  username,
  fullName: reqText(120),
  role: reqEnum(ROLES),
  orgCode: code(30),
  orgName: optText(200),
  email: optEmail,
});

// one line per problem an operator can fix
const MESSAGES: Record<string, string> = {
  'v.usernameTaken': 'the username is already taken',
  'v.username': 'use 3 to 50 characters: lower-case letters, digits, ".", "_" or "-"',
  'user.cli.orgMissing': 'no organisation has this code; add --org-name "..." to create it',
  'v.required': 'is required',
  'v.tooLong': 'is too long',
  'v.choose': `must be one of ${ROLES.join(', ')}`,
  'v.code': 'use letters without accents, digits and . _ - /',
  'v.email': 'is not a valid email address',
};
const FLAGS: Record<string, string> = { fullName: '--full-name', orgCode: '--org', orgName: '--org-name', org: '--org' };

function fail(line: string): never {
  console.error(`user:create: ${line}`);
  process.exit(1);
}

function problem(fields: Record<string, string>): string {
  const [field, key] = Object.entries(fields)[0] ?? ['_', 'v.invalid'];
  return `${FLAGS[field] ?? `--${field}`} ${MESSAGES[key] ?? 'is not valid'}`;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        username: { type: 'string' },
        'full-name': { type: 'string' },
        role: { type: 'string' },
        org: { type: 'string' },
        'org-name': { type: 'string' },
        email: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${(err as Error).message} (--help for usage)`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  for (const flag of ['username', 'full-name', 'role', 'org'] as const) {
    if (values[flag] === undefined) fail(`--${flag} is required (--help for usage)`);
  }
  const parsed = args.safeParse({
    username: values.username,
    fullName: values['full-name'],
    role: values.role,
    orgCode: values.org,
    orgName: values['org-name'],
    email: values.email,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(problem({ [String(issue.path[0] ?? '_')]: issue.message }));
  }

  const config = (() => {
    try {
      return loadConfig();
    } catch (err) {
      if (err instanceof ConfigError) fail(err.message);
      throw err;
    }
  })();
  const db = openDatabase(config.databasePath);
  let refused: string | null = null;
  try {
    migrateDatabase(db);
    const { user, organisation, organisationCreated, password } = await bootstrapUser(db, parsed.data);
    if (organisationCreated) console.log(`created organisation ${organisation.code} (${organisation.nameVi})`);
    console.log(`created user ${user.username} (${user.role}) in ${organisation.code}`);
    console.log(`one-time password (shown only now; it must be changed at the first sign-in): ${password}`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    refused = problem(err.fields);
  } finally {
    db.$client.close();
  }
  if (refused) fail(refused);
}

await main();
