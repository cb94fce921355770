CREATE TABLE `security_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`actor_id` integer,
	`actor_name` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`ip` text,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`status` integer NOT NULL,
	`entity_type` text,
	`entity_id` integer,
	`fields` text
);
--> statement-breakpoint
CREATE INDEX `security_events_org_idx` ON `security_events` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `security_events_at_idx` ON `security_events` (`at`);--> statement-breakpoint
-- Security events are append-only, like the audit trail.
CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events
BEGIN
  SELECT RAISE(ABORT, 'security_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events
BEGIN
  SELECT RAISE(ABORT, 'security_events is append-only');
END;
