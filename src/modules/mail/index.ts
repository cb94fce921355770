// Mail that reaches people: a durable outbox written in the same transaction as the event, a sender with
// retries (at-least-once, Message-ID per message), event notices, and each user's choices with a signed
// one-click unsubscribe link. The daily digest of what falls due is the reminders module's: it reads the
// due list and writes here.
export { accountMailRouter, outboxRouter, unsubscribeRouter } from './mail.routes.js';
export * as notices from './notices.service.js';
export { certificatesExpiring, senderOf } from './notices.service.js';
export {
  activeRecipients, cancelWaiting, digestStateOf, enqueue, localeOf, onEnqueued, pendingCount, recordDigestRun, redactOldMessages, wants,
  type Recipient,
} from './outbox.service.js';
export { deliverPending } from './mail-sender.js';
export { mailSettings, renderMessage, type DigestLine, type DigestSection, type MailPayload, type MailSettings } from './mail-render.js';
