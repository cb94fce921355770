// Heavy libraries loaded on first use: most requests never need them, and each holds some 20 MB.
export async function loadExcel() {
  return (await import('exceljs')).default;
}

export async function loadPdfKit() {
  return (await import('pdfkit')).default;
}
