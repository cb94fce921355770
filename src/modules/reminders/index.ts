// Reminders: the daily digest of what falls due for each user (read from the one due list), the
// certificate-expiry notices, and the in-process schedule that runs them and the mail sender.
export { DIGEST_DAYS, digestHash, dueItemsFor, runDailyJob, describeDailyReport } from './digest.service.js';
export { startMailScheduler, type MailScheduler, type MailLog } from './reminders.scheduler.js';
