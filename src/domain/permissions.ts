// Who may do what (RULES: roles of the accounts issue). Scoping by organisation subtree is applied on
// top of this in every service; this table only says which role may attempt an action at all.
/** The roles of the accounts (README "Roles and security"). */
export const ROLES = ['admin', 'owner', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'organisation.write', // create/edit/delete organisations in the subtree
  'user.manage', // create users, deactivate, reset passwords in the subtree
  'audit.read', // the audit log page and its CSV
  'outbox.read', // the mail outbox of the subtree's users; retry a failed message
  'system.write', // register, edit, decommission systems
  'decision.write', // level decisions and their dossier steps
  'protection.write', // the four layers of a system, engagements of assessors
  'provider.write', // the directory of providers (monitoring and assessment companies)
  'assessment.write', // assessments and findings (auditors: only on systems they are engaged on)
  'evidence.write', // the evidence library and its attachments (auditors: their own evidence, on systems they are engaged on)
] as const;
export type Action = (typeof ACTIONS)[number];

const MATRIX: Record<Role, readonly Action[]> = {
  admin: ACTIONS,
  owner: ['system.write', 'decision.write', 'protection.write', 'assessment.write', 'evidence.write'],
  auditor: ['assessment.write', 'evidence.write'],
  viewer: [],
};

export function can(role: Role, action: Action): boolean {
  return MATRIX[role].includes(action);
}
