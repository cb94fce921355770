// The printable compliance checklist of a system (HTML for the browser's print, and a server-made PDF):
// one data gathering over the existing services, one display model, two renderers.
export { printRouter } from './print.routes.js';
export { printData, printSheet, type PrintData, type Sheet } from './print.service.js';
export { sendPdf, sheetPdf } from './pdf.js';
