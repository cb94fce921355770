CREATE TABLE `engagements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system_id` integer NOT NULL,
	`assessor_kind` text NOT NULL,
	`assessor_id` integer NOT NULL,
	`contract_number` text,
	`start_date` text,
	`end_date` text,
	`revoked_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`assessor_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `engagements_system_idx` ON `engagements` (`system_id`);--> statement-breakpoint
CREATE INDEX `engagements_assessor_idx` ON `engagements` (`assessor_id`);--> statement-breakpoint
CREATE TABLE `layer1_designations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system_id` integer NOT NULL,
	`security_unit_id` integer NOT NULL,
	`decision_number` text NOT NULL,
	`decision_date` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`security_unit_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `layer1_system_idx` ON `layer1_designations` (`system_id`);--> statement-breakpoint
CREATE TABLE `layer2_monitoring` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system_id` integer NOT NULL,
	`mode` text NOT NULL,
	`provider_id` integer,
	`contract_number` text,
	`start_date` text,
	`end_date` text,
	`soc_name` text,
	`focal_point_notified` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`provider_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `layer2_system_idx` ON `layer2_monitoring` (`system_id`);--> statement-breakpoint
CREATE INDEX `layer2_provider_idx` ON `layer2_monitoring` (`provider_id`);--> statement-breakpoint
CREATE TABLE `layer4_connections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system_id` integer NOT NULL,
	`centre` text NOT NULL,
	`status` text NOT NULL,
	`connection_date` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `layer4_system_idx` ON `layer4_connections` (`system_id`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system_id` integer NOT NULL,
	`assessor_id` integer NOT NULL,
	`kind` text NOT NULL,
	`period_from` text,
	`period_to` text,
	`planned_date` text,
	`performed_date` text,
	`scope_compliance` integer DEFAULT false NOT NULL,
	`scope_effectiveness` integer DEFAULT false NOT NULL,
	`scope_scanning` integer DEFAULT false NOT NULL,
	`scope_pentest` integer DEFAULT false NOT NULL,
	`test_box` text,
	`result` text,
	`report_ref` text,
	`reported_date` text,
	`file_name` text,
	`file_stored_as` text,
	`file_mime` text,
	`file_size` integer,
	`file_sha256` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`assessor_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `assessments_system_idx` ON `assessments` (`system_id`,`performed_date`);--> statement-breakpoint
CREATE INDEX `assessments_assessor_idx` ON `assessments` (`assessor_id`);--> statement-breakpoint
CREATE TABLE `calendar_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_tokens_user_id_unique` ON `calendar_tokens` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_tokens_token_hash_unique` ON `calendar_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assessment_id` integer NOT NULL,
	`system_id` integer NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`requirement_id` text,
	`remediation_plan` text,
	`due_date` text,
	`status` text DEFAULT 'open' NOT NULL,
	`accepted_reason` text,
	`closed_date` text,
	`evidence_note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `findings_system_idx` ON `findings` (`system_id`,`status`);--> statement-breakpoint
CREATE INDEX `findings_assessment_idx` ON `findings` (`assessment_id`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `tax_code` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `licensed_services` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `licence_number` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `licence_issued` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `licence_expires` text;