// The downloadable import template: sheets He_thong, Can_bo, Danh_gia (header row, then a row of
// Vietnamese hints, both frozen; data from row 3) and Huong_dan listing every allowed value.
import { loadExcel } from '../../web/lazy.js';
import type { T } from '../../i18n/index.js';
import { COLUMNS, GUIDE_SHEET, MAX_ROWS, SHEET_NAMES, VALUE_LABEL_KEYS } from './imports.schemas.js';

export async function templateBuffer(t: T): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Capdo';
  for (const name of SHEET_NAMES) {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
    const columns = COLUMNS[name];
    ws.columns = columns.map((c) => ({ key: c.key, width: c.width ?? 16 }));
    const header = ws.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    const hints = ws.addRow(columns.map((c) => c.hint));
    hints.font = { italic: true, color: { argb: 'FF666666' } };
    // text cells, so that Excel keeps codes and dd/mm/yyyy dates as typed
    columns.forEach((_c, i) => {
      ws.getColumn(i + 1).numFmt = '@';
    });
  }
  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 18 }, { width: 34 }, { width: 26 }, { width: 60 }];
  guide.addRow([t('imp.guide.title')]).font = { bold: true, size: 13 };
  for (const line of ['imp.guide.l1', 'imp.guide.l2', 'imp.guide.l3', 'imp.guide.l4', 'imp.guide.l5']) guide.addRow([t(line, { max: MAX_ROWS })]);
  guide.addRow([]);
  guide.addRow([t('imp.guide.sheet'), t('imp.guide.column'), t('imp.guide.value'), t('imp.guide.meaning')]).font = { bold: true };
  for (const name of SHEET_NAMES) {
    for (const c of COLUMNS[name]) {
      if (!c.values) continue;
      const label = VALUE_LABEL_KEYS[c.key];
      for (const v of c.values) guide.addRow([name, c.header, v, label ? t(label(v)) : v]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
