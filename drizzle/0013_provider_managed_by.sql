ALTER TABLE `organisations` ADD `managed_by` integer REFERENCES organisations(id);--> statement-breakpoint
-- A provider is kept by the organisation whose admin created it: the one its creation entry was filed
-- under. A provider with no such entry (written outside the app) keeps no manager: nobody edits it in
-- the app until one is set (README, Roles and security).
UPDATE `organisations` SET `managed_by` = (
  SELECT a.`organisation_id` FROM `audit_log` a
  WHERE a.`entity_type` = 'provider' AND a.`action` = 'create' AND a.`entity_id` = `organisations`.`id`
    AND a.`organisation_id` IN (SELECT o.`id` FROM `organisations` o WHERE o.`kind` = 'agency')
  ORDER BY a.`id` LIMIT 1
) WHERE `kind` = 'provider';
