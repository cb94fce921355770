import { z } from 'zod';
import { code, optEmail, optId, optText, reqEnum, reqText } from '../../web/forms.js';

export const organisationForm = z.object({
  code: code(30),
  nameVi: reqText(200),
  nameEn: optText(200),
  // providers have their own directory (/providers); the tree holds state agencies
  kind: reqEnum(['agency'] as const),
  parentId: optId,
  contactName: optText(120),
  contactEmail: optEmail,
  contactPhone: optText(40).pipe(z.string().regex(/^[0-9+() .-]{6,40}$/, 'v.phone').nullable()),
  address: optText(300),
});

export type OrganisationInput = z.infer<typeof organisationForm>;
