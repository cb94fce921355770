CREATE TABLE `fact_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`table_name` text NOT NULL,
	`system_id` integer,
	`organisation_id` integer,
	`operator_id` integer
);
--> statement-breakpoint
ALTER TABLE `systems` ADD `level_in_force` integer;--> statement-breakpoint
CREATE INDEX `systems_level_idx` ON `systems` (`level_in_force`);