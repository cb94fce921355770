// How generated papers are named and sent: "<what>_<code>_<yyyy-mm-dd>.docx" (ho-so-cap-do_BS-HTTT-001_2026-12-03.docx),
// ASCII only so the name is safe in a Content-Disposition header.
import type { Response } from 'express';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** `kind` is a fixed ASCII word chosen by the code; `code` an organisation's or a system's code. */
export function paperFileName(kind: string, code: string, date: string, ext: 'docx' | 'pdf'): string {
  return `${kind}_${code.replace(/[^A-Za-z0-9.-]+/g, '-')}_${date}.${ext}`;
}

export function sendDocx(res: Response, fileName: string, body: Buffer): void {
  res
    .status(200)
    .type(DOCX_TYPE)
    .set('Content-Disposition', `attachment; filename="${fileName}"`)
    .set('Cache-Control', 'private, no-store')
    .send(body);
}
