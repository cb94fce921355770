-- One budget row per organisation (system_id NULL) or per system, per year.
CREATE UNIQUE INDEX `budgets_scope_year` ON `budgets` (`organisation_id`, coalesce(`system_id`, 0), `year`);
