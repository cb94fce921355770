CREATE TABLE `evidence_file_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_id` integer NOT NULL,
	`version` integer NOT NULL,
	`file_name` text NOT NULL,
	`stored_as` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_by` integer,
	`uploaded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `evidence_files`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_file_versions_file_version` ON `evidence_file_versions` (`file_id`,`version`);--> statement-breakpoint
CREATE INDEX `evidence_file_versions_sha_idx` ON `evidence_file_versions` (`sha256`);--> statement-breakpoint
CREATE TABLE `evidence_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evidence_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence_items`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `evidence_files_evidence_idx` ON `evidence_files` (`evidence_id`);--> statement-breakpoint
CREATE TABLE `evidence_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`valid_from` text NOT NULL,
	`valid_until` text,
	`url` text,
	`search_text` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "evidence_items_validity" CHECK("evidence_items"."valid_until" IS NULL OR "evidence_items"."valid_until" >= "evidence_items"."valid_from")
);
--> statement-breakpoint
CREATE INDEX `evidence_items_org_idx` ON `evidence_items` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `evidence_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evidence_id` integer NOT NULL,
	`kind` text NOT NULL,
	`target_key` text NOT NULL,
	`record_id` integer,
	`catalogue` text,
	`item_id` text,
	`system_id` integer,
	`organisation_id` integer,
	`operator_id` integer,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence_items`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`system_id`) REFERENCES `systems`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_links_target` ON `evidence_links` (`evidence_id`,`target_key`);--> statement-breakpoint
CREATE INDEX `evidence_links_system_idx` ON `evidence_links` (`system_id`,`kind`);--> statement-breakpoint
CREATE INDEX `evidence_links_record_idx` ON `evidence_links` (`kind`,`record_id`);--> statement-breakpoint
CREATE INDEX `evidence_links_operator_idx` ON `evidence_links` (`operator_id`);--> statement-breakpoint
CREATE INDEX `evidence_links_org_idx` ON `evidence_links` (`organisation_id`);--> statement-breakpoint
-- The change log (drizzle/0010_change_log_triggers.sql) for the evidence library. A link names the system,
-- organisation or person of what it is attached to; a change to an evidence item (its validity, its title)
-- concerns every thing it is attached to, so its triggers write one row per link. Files are read by no rule.
CREATE TRIGGER evidence_items_changes_insert AFTER INSERT ON evidence_items
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'evidence_items', l.system_id, l.organisation_id, l.operator_id FROM evidence_links l WHERE l.evidence_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER evidence_items_changes_delete AFTER DELETE ON evidence_items
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'evidence_items', l.system_id, l.organisation_id, l.operator_id FROM evidence_links l WHERE l.evidence_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER evidence_items_changes_update AFTER UPDATE ON evidence_items
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'evidence_items', l.system_id, l.organisation_id, l.operator_id FROM evidence_links l WHERE l.evidence_id = OLD.id OR l.evidence_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER evidence_links_changes_insert AFTER INSERT ON evidence_links
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_links', NEW.system_id, NEW.organisation_id, NEW.operator_id);
END;
--> statement-breakpoint
CREATE TRIGGER evidence_links_changes_delete AFTER DELETE ON evidence_links
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_links', OLD.system_id, OLD.organisation_id, OLD.operator_id);
END;
--> statement-breakpoint
CREATE TRIGGER evidence_links_changes_update AFTER UPDATE ON evidence_links
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_links', OLD.system_id, OLD.organisation_id, OLD.operator_id);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'evidence_links', NEW.system_id, NEW.organisation_id, NEW.operator_id WHERE NEW.system_id IS NOT OLD.system_id OR NEW.organisation_id IS NOT OLD.organisation_id OR NEW.operator_id IS NOT OLD.operator_id;
END;
--> statement-breakpoint
CREATE TRIGGER evidence_files_changes_insert AFTER INSERT ON evidence_files
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_files', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER evidence_files_changes_delete AFTER DELETE ON evidence_files
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_files', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER evidence_files_changes_update AFTER UPDATE ON evidence_files
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_files', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER evidence_file_versions_changes_insert AFTER INSERT ON evidence_file_versions
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_file_versions', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER evidence_file_versions_changes_delete AFTER DELETE ON evidence_file_versions
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_file_versions', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER evidence_file_versions_changes_update AFTER UPDATE ON evidence_file_versions
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('evidence_file_versions', NULL, NULL, NULL);
END;
