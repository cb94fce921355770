// Reminders that reach people: a durable outbox written in the same transaction as the event, a sender
// with retries (at-least-once, Message-ID per message), the daily digest of what falls due, event notices,
// and each user's choices with a signed one-click unsubscribe link.
export { accountMailRouter, outboxRouter, unsubscribeRouter } from './mail.routes.js';
export { startMailScheduler, type MailScheduler } from './mail-scheduler.js';
export * as notices from './notices.service.js';
export { dueItemsFor, runDailyJob } from './digest.service.js';
export { deliverPending } from './mail-sender.js';
export { mailSettings } from './mail-render.js';
