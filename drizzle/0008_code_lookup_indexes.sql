CREATE INDEX `organisations_code_lower_idx` ON `organisations` (lower("code"));--> statement-breakpoint
CREATE INDEX `systems_code_lower_idx` ON `systems` (lower("code"));--> statement-breakpoint
CREATE INDEX `certificates_number_idx` ON `certificates` (`number`);