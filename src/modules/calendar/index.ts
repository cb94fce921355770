// The calendar: the one due list of the evaluation (every kind: assessments and their reports, annual
// reports, notices, transition deadlines, contracts, licences, certificates, knowledge updates, drills,
// findings) for the systems and organisations a user may see — on a page, as a CSV/XLSX export and as a
// private .ics feed for phones and Outlook.
export { calendarFeedRouter, calendarRouter } from './calendar.routes.js';
export * as calendarService from './calendar.service.js';
