ALTER TABLE `security_events` ADD `target_system_id` integer;--> statement-breakpoint
ALTER TABLE `security_events` ADD `target_organisation_id` integer;--> statement-breakpoint
CREATE INDEX `security_events_target_org_idx` ON `security_events` (`target_organisation_id`);--> statement-breakpoint
CREATE INDEX `security_events_target_system_idx` ON `security_events` (`target_system_id`);