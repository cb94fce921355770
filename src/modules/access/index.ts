// Access: the actor's scope, which systems they may see, and the engagements that let auditors in.
// The bottom of the modules: every module asks here, and it imports none of them.
export { assertCan, type Actor } from './actor.js';
export {
  actorFor, ancestorIds, auditorReachWithout, canSee, engagedSystemIds, findVisibleSystem, getSystem, providersSeenBy, selfAndAncestorIds, subtreeIds, visibility, visibleCondition, type Visibility,
} from './access.service.js';
