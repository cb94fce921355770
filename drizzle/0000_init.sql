CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_vi` text NOT NULL,
	`name_en` text,
	`kind` text DEFAULT 'agency' NOT NULL,
	`parent_id` integer,
	`contact_name` text,
	`contact_email` text,
	`contact_phone` text,
	`address` text,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_code_unique` ON `organisations` (`code`);--> statement-breakpoint
CREATE INDEX `organisations_parent_idx` ON `organisations` (`parent_id`);--> statement-breakpoint
CREATE TABLE `systems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_vi` text NOT NULL,
	`name_en` text,
	`description` text,
	`owner_id` integer NOT NULL,
	`operator_id` integer NOT NULL,
	`security_unit_id` integer,
	`system_type` text NOT NULL,
	`priority_sector` text,
	`lifecycle_status` text DEFAULT 'planned' NOT NULL,
	`go_live_date` text,
	`hosting` text DEFAULT 'own_premises' NOT NULL,
	`separation` text DEFAULT 'logical' NOT NULL,
	`state_funded` integer DEFAULT true NOT NULL,
	`national_security_important` integer DEFAULT false NOT NULL,
	`notes` text,
	`decommissioned_at` text,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`operator_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`security_unit_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "systems_go_live_iso" CHECK("systems"."go_live_date" IS NULL OR "systems"."go_live_date" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `systems_code_unique` ON `systems` (`code`);--> statement-breakpoint
CREATE INDEX `systems_owner_idx` ON `systems` (`owner_id`);--> statement-breakpoint
CREATE INDEX `systems_operator_idx` ON `systems` (`operator_id`);--> statement-breakpoint
CREATE INDEX `systems_security_unit_idx` ON `systems` (`security_unit_id`);--> statement-breakpoint
CREATE INDEX `systems_lifecycle_idx` ON `systems` (`lifecycle_status`);--> statement-breakpoint
CREATE TABLE `level_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system_id` integer NOT NULL,
	`regime` text NOT NULL,
	`answers` text NOT NULL,
	`computed_level` integer NOT NULL,
	`proposed_level` integer NOT NULL,
	`proposal_reason` text,
	`dossier_status` text DEFAULT 'draft' NOT NULL,
	`submitted_date` text,
	`appraisal_body` text,
	`appraisal_date` text,
	`appraisal_ref` text,
	`approval_number` text,
	`approval_date` text,
	`approving_body` text,
	`regulation_number` text,
	`regulation_date` text,
	`rejection_reason` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "level_decisions_levels" CHECK("level_decisions"."computed_level" BETWEEN 1 AND 5 AND "level_decisions"."proposed_level" BETWEEN "level_decisions"."computed_level" AND 5)
);
--> statement-breakpoint
CREATE INDEX `level_decisions_system_idx` ON `level_decisions` (`system_id`,`dossier_status`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`sid` text PRIMARY KEY NOT NULL,
	`user_id` integer,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`full_name` text NOT NULL,
	`email` text,
	`role` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`last_login_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_organisation_idx` ON `users` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`actor_id` integer,
	`actor_name` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer,
	`system_id` integer,
	`organisation_id` integer,
	`summary` text,
	`changes` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_system_idx` ON `audit_log` (`system_id`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_log` (`actor_id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);