CREATE TABLE `budgets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`system_id` integer,
	`year` integer NOT NULL,
	`it_budget` integer NOT NULL,
	`security_spending` integer NOT NULL,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "budgets_amounts" CHECK("budgets"."it_budget" >= 0 AND "budgets"."security_spending" >= 0)
);
--> statement-breakpoint
CREATE INDEX `budgets_org_year_idx` ON `budgets` (`organisation_id`,`year`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operator_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`number` text NOT NULL,
	`issuer` text NOT NULL,
	`issue_date` text NOT NULL,
	`expiry_date` text,
	`status` text DEFAULT 'valid' NOT NULL,
	`status_date` text,
	`status_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `certificates_operator_idx` ON `certificates` (`operator_id`);--> statement-breakpoint
CREATE TABLE `drills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`system_id` integer,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`scenario` text NOT NULL,
	`participants` integer,
	`organiser` text,
	`result` text,
	`lessons` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `drills_org_idx` ON `drills` (`organisation_id`,`date`);--> statement-breakpoint
CREATE INDEX `drills_system_idx` ON `drills` (`system_id`,`date`);--> statement-breakpoint
CREATE TABLE `knowledge_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operator_id` integer NOT NULL,
	`date` text NOT NULL,
	`programme` text NOT NULL,
	`hours` integer NOT NULL,
	`organiser` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `updates_operator_idx` ON `knowledge_updates` (`operator_id`,`date`);--> statement-breakpoint
CREATE TABLE `operator_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operator_id` integer NOT NULL,
	`system_id` integer NOT NULL,
	`role` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "assignments_dates" CHECK("operator_assignments"."to_date" IS NULL OR "operator_assignments"."to_date" >= "operator_assignments"."from_date")
);
--> statement-breakpoint
CREATE INDEX `assignments_system_idx` ON `operator_assignments` (`system_id`);--> statement-breakpoint
CREATE INDEX `assignments_operator_idx` ON `operator_assignments` (`operator_id`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`full_name` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`position` text,
	`email` text,
	`phone` text,
	`national_id` text,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `operators_org_idx` ON `operators` (`organisation_id`);