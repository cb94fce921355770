CREATE TABLE `annual_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`year` integer NOT NULL,
	`internal_date` text,
	`authority_date` text,
	`reference` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `annual_reports_org_year` ON `annual_reports` (`organisation_id`,`year`);--> statement-breakpoint
CREATE TABLE `checklist_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system_id` integer NOT NULL,
	`catalogue` text NOT NULL,
	`item_id` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`set_by` integer,
	`set_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checklist_answer_item` ON `checklist_answers` (`system_id`,`catalogue`,`item_id`);--> statement-breakpoint
CREATE INDEX `checklist_system_idx` ON `checklist_answers` (`system_id`);--> statement-breakpoint
CREATE TABLE `self_inspection_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system_id` integer NOT NULL,
	`year` integer NOT NULL,
	`sent_date` text NOT NULL,
	`reference` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_system_year` ON `self_inspection_notices` (`system_id`,`year`);--> statement-breakpoint
ALTER TABLE `systems` ADD `domestic_products_note` text;