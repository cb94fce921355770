// The annual report (REP-01) as a Word file: the display model of annual-report.document.ts (the same as
// the PDF's) written with the one .docx helper (src/modules/documents/docx-kit.ts: Decree 30/2020 page,
// national header, tables whose head repeats, Nơi nhận and signatures kept together).
import { grid, heading, officialHeader, pack, para, recipientsAndSignature, titleBlock, type Child } from '../documents/docx-kit.js';
import { paperFileName } from '../../web/paper-files.js';
import type { Block, ReportDocument } from './annual-report.document.js';

/** bao-cao-hang-nam_UBND-BS_2026.docx */
export const docxFileName = (orgCode: string, year: number): string => paperFileName('bao-cao-hang-nam', orgCode, String(year), 'docx');

function block(b: Block, keepNext = false): Child[] {
  if (b.kind === 'heading') return [heading(b.text, 13)];
  if (b.kind === 'subheading') return [heading(b.text, 13)];
  if (b.kind === 'paragraph') return [para(b.text, { ...(b.bold ? { bold: true } : {}), ...(b.italic ? { italic: true } : {}), ...(b.small ? { size: 11 } : {}), indent: !b.small, keepNext })];
  return grid(b.table);
}

export function writeAnnualReportDocx(d: ReportDocument): Promise<Buffer> {
  const children: Child[] = [
    ...(d.form ? [para(d.form, { italic: true, size: 11, align: 'right', after: 60 })] : []),
    officialHeader(d.official),
    ...titleBlock(d.kind, d.subject),
    ...d.opening.map((l) => para(l.text, { align: l.center ? 'center' : 'justify', ...(l.small ? { size: 11 } : {}), ...(l.italic ? { italic: true } : {}), indent: !l.center })),
    ...d.blocks.flatMap((b) => block(b)),
    // the last section is kept with the signatures (keep-with-next up to the signature table)
    ...d.closing.flatMap((b) => block(b, true)),
    recipientsAndSignature(d.recipients, d.signatures.map((sg) => ({ authority: [], title: sg.role, hint: sg.hint }))),
  ];
  return pack({ title: d.title, subject: d.subject, children });
}
