import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organisationRef } from './organisations.js';

import { ROLES, type Role } from '../../domain/permissions.js';
import { serialId, stamps } from './columns.js';

export { ROLES, type Role };

export const users = sqliteTable(
  'users',
  {
    id: serialId(),
    username: text('username').notNull().unique(),
    fullName: text('full_name').notNull(),
    email: text('email'),
    role: text('role', { enum: ROLES }).notNull(),
    organisationId: organisationRef('organisation_id').notNull(),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    lastLoginAt: text('last_login_at'),
    ...stamps(),
  },
  (t) => [index('users_organisation_idx').on(t.organisationId)],
);

/** A column naming the user who wrote something (created_by, set_by…): kept, emptied, when the account goes. */
export const userRef = <N extends string>(name: N) => integer(name).references(() => users.id, { onDelete: 'set null' });

// Server-side sessions; user_id lets "sign out everywhere" delete them all.
export const sessions = sqliteTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    data: text('data').notNull(),
    expiresAt: integer('expires_at').notNull(), // epoch ms
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export type UserRow = typeof users.$inferSelect;
