// How a spreadsheet reads a CSV file with a given list separator (Excel's rules, not RFC 4180's): a field
// is quoted only when it starts with a quote; a doubled quote inside is one quote; after the closing
// quote the characters up to the next separator are kept as they are. Used to prove that no cell of an
// export can be read as a formula whatever separator the user's regional settings choose.

/** The text (BOM removed) as the rows of cells a spreadsheet with separator `sep` would show. */
export function readAsSpreadsheet(text: string, sep: ',' | ';'): string[][] {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else cell += text[i++];
      }
    }
    while (i < text.length && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n') cell += text[i++];
    row.push(cell);
    if (text[i] === sep) {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    rows.push(row);
    row = [];
  }
  return rows;
}

/** A cell a spreadsheet evaluates: it starts with one of = + - @ (OWASP "CSV injection"). */
export const isFormula = (cell: string): boolean => /^[=+\-@]/.test(cell);
