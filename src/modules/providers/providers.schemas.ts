import { z } from 'zod';
import { PROVIDER_SERVICES } from '../../db/schema/organisations.js';
import { code, optDate, optEmail, optId, optText, reqText } from '../../web/forms.js';

export const providerForm = z
  .object({
    code: code(30),
    nameVi: reqText(200),
    nameEn: optText(200),
    taxCode: optText(20).pipe(z.string().regex(/^\d{10}(-\d{3})?$/, 'prov.v.taxCode').nullable()),
    licensedServices: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .pipe(z.array(z.enum(PROVIDER_SERVICES, { message: 'v.choose' })).max(PROVIDER_SERVICES.length)),
    licenceNumber: optText(100),
    licenceIssued: optDate,
    licenceExpires: optDate,
    parentId: optId,
    contactName: optText(120),
    contactEmail: optEmail,
    contactPhone: optText(40).pipe(z.string().regex(/^[0-9+() .-]{6,40}$/, 'v.phone').nullable()),
    address: optText(300),
  })
  .superRefine((v, ctx) => {
    if (v.licenceIssued && v.licenceExpires && v.licenceExpires < v.licenceIssued) {
      ctx.addIssue({ code: 'custom', path: ['licenceExpires'], message: 'prov.v.expiresBeforeIssued' });
    }
  });

export type ProviderInput = z.infer<typeof providerForm>;
