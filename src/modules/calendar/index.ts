// The assessment calendar (RULES.md §7.4): what is due when across the systems a user may see —
// assessments and their reports, layer-2 contracts, provider licences, the fixed yearly dates — on a
// page and as a private .ics feed for phones and Outlook.
export { calendarFeedRouter, calendarRouter } from './calendar.routes.js';
export * as calendarService from './calendar.service.js';
