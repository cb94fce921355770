import { z } from 'zod';
import { HOSTINGS, LIFECYCLE_STATUSES, PRIORITY_SECTORS, SEPARATIONS, SYSTEM_TYPES } from '../../db/schema/systems.js';
import { DOSSIER_STATUSES } from '../../db/schema/level-decisions.js';
import { checkbox, code, optDate, optEnum, optId, optLongText, optText, reqEnum, reqId, reqText, idFilter } from '../../web/forms.js';

export const systemForm = z
  .object({
    code: code(40),
    nameVi: reqText(250),
    nameEn: optText(250),
    description: optLongText(4000),
    ownerId: reqId,
    operatorId: reqId,
    securityUnitId: optId,
    systemType: reqEnum(SYSTEM_TYPES),
    prioritySector: optEnum(PRIORITY_SECTORS),
    lifecycleStatus: reqEnum(LIFECYCLE_STATUSES),
    goLiveDate: optDate,
    hosting: reqEnum(HOSTINGS),
    separation: reqEnum(SEPARATIONS),
    stateFunded: checkbox,
    nationalSecurityImportant: checkbox,
    notes: optLongText(4000),
    domesticProductsNote: optLongText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.lifecycleStatus === 'in_operation' && !v.goLiveDate) {
      ctx.addIssue({ code: 'custom', path: ['goLiveDate'], message: 'system.v.goLiveRequired' });
    }
    if (v.lifecycleStatus === 'decommissioned') {
      // decommissioning has its own confirmation step (POST /systems/:id/decommission)
      ctx.addIssue({ code: 'custom', path: ['lifecycleStatus'], message: 'system.v.useDecommission' });
    }
  });

export type SystemInput = z.infer<typeof systemForm>;

export const decommissionForm = z.object({ decommissionedAt: optDate.pipe(z.string('v.required')), reason: optText(500) });

const SORTS = ['name', 'code', 'level', 'status', 'goLive', 'updated'] as const;

/** The list's query string. Bad values are ignored (a bookmarked URL never errors). */
export const systemListQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  org: idFilter,
  level: z.enum(['1', '2', '3', '4', '5', 'none']).optional().catch(undefined),
  status: z.enum(LIFECYCLE_STATUSES).optional().catch(undefined),
  sector: z.enum([...PRIORITY_SECTORS, 'none']).optional().catch(undefined),
  dossier: z.enum([...DOSSIER_STATUSES, 'none']).optional().catch(undefined),
  sort: z.enum(SORTS).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.string().optional().catch(undefined),
});

export type SystemListQuery = z.infer<typeof systemListQuery>;
