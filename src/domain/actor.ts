// Who is acting: the signed-in user as the services see it. Pure data — built by the access module for one
// request (or one job) from the user and the organisation tree; the web layer carries it, the services
// check it.
import type { Role } from './permissions.js';

/** The signed-in user as the services see it: who, which role, and the organisations they may see. */
export interface Actor {
  readonly id: number;
  readonly username: string;
  readonly fullName: string;
  readonly role: Role;
  readonly organisationId: number;
  /** The actor's organisation and everything below it. */
  readonly scope: ReadonlySet<number>;
  /** The actor's organisation's ancestors. */
  readonly ancestors: ReadonlySet<number>;
  /** Everything under the actor's top-level organisation (the province or ministry): the organisations
   * a unit may name as a system's owner or security unit, e.g. a sibling department. */
  readonly reach: ReadonlySet<number>;
  readonly ip?: string;
}
