CREATE TABLE `checklist_item_levels` (
	`catalogue` text NOT NULL,
	`item_id` text NOT NULL,
	`levels` integer NOT NULL,
	PRIMARY KEY(`catalogue`, `item_id`)
);
--> statement-breakpoint
CREATE TABLE `checklist_tallies` (
	`system_id` integer NOT NULL,
	`catalogue` text NOT NULL,
	`l1` integer DEFAULT 0 NOT NULL,
	`l2` integer DEFAULT 0 NOT NULL,
	`l3` integer DEFAULT 0 NOT NULL,
	`l4` integer DEFAULT 0 NOT NULL,
	`l5` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`system_id`, `catalogue`)
);
--> statement-breakpoint
-- The answers counted per system, catalogue and level (src/db/schema/checklist-tallies.ts): each answer
-- written, changed or deleted is added to or taken from its system's counts of every level its item applies
-- at. An answer to an item no catalogue lists counts nowhere, as before.
CREATE TRIGGER checklist_answers_tally_insert AFTER INSERT ON checklist_answers
BEGIN
  INSERT INTO checklist_tallies (system_id, catalogue, l1, l2, l3, l4, l5)
  SELECT NEW.system_id, NEW.catalogue, p * ((levels >> 1) & 1), p * ((levels >> 2) & 1), p * ((levels >> 3) & 1), p * ((levels >> 4) & 1), p * ((levels >> 5) & 1)
    FROM (SELECT levels, (CASE NEW.status WHEN 'met' THEN 1 WHEN 'partly_met' THEN 1024 WHEN 'not_met' THEN 1048576 WHEN 'not_applicable' THEN 1073741824 ELSE 0 END) AS p FROM checklist_item_levels WHERE catalogue = NEW.catalogue AND item_id = NEW.item_id)
   WHERE p <> 0
  ON CONFLICT (system_id, catalogue) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
--> statement-breakpoint
CREATE TRIGGER checklist_answers_tally_delete AFTER DELETE ON checklist_answers
BEGIN
  INSERT INTO checklist_tallies (system_id, catalogue, l1, l2, l3, l4, l5)
  SELECT OLD.system_id, OLD.catalogue, p * ((levels >> 1) & 1), p * ((levels >> 2) & 1), p * ((levels >> 3) & 1), p * ((levels >> 4) & 1), p * ((levels >> 5) & 1)
    FROM (SELECT levels, -(CASE OLD.status WHEN 'met' THEN 1 WHEN 'partly_met' THEN 1024 WHEN 'not_met' THEN 1048576 WHEN 'not_applicable' THEN 1073741824 ELSE 0 END) AS p FROM checklist_item_levels WHERE catalogue = OLD.catalogue AND item_id = OLD.item_id)
   WHERE p <> 0
  ON CONFLICT (system_id, catalogue) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
--> statement-breakpoint
CREATE TRIGGER checklist_answers_tally_update AFTER UPDATE OF system_id, catalogue, item_id, status ON checklist_answers
BEGIN
  INSERT INTO checklist_tallies (system_id, catalogue, l1, l2, l3, l4, l5)
  SELECT OLD.system_id, OLD.catalogue, p * ((levels >> 1) & 1), p * ((levels >> 2) & 1), p * ((levels >> 3) & 1), p * ((levels >> 4) & 1), p * ((levels >> 5) & 1)
    FROM (SELECT levels, -(CASE OLD.status WHEN 'met' THEN 1 WHEN 'partly_met' THEN 1024 WHEN 'not_met' THEN 1048576 WHEN 'not_applicable' THEN 1073741824 ELSE 0 END) AS p FROM checklist_item_levels WHERE catalogue = OLD.catalogue AND item_id = OLD.item_id)
   WHERE p <> 0
  ON CONFLICT (system_id, catalogue) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
  INSERT INTO checklist_tallies (system_id, catalogue, l1, l2, l3, l4, l5)
  SELECT NEW.system_id, NEW.catalogue, p * ((levels >> 1) & 1), p * ((levels >> 2) & 1), p * ((levels >> 3) & 1), p * ((levels >> 4) & 1), p * ((levels >> 5) & 1)
    FROM (SELECT levels, (CASE NEW.status WHEN 'met' THEN 1 WHEN 'partly_met' THEN 1024 WHEN 'not_met' THEN 1048576 WHEN 'not_applicable' THEN 1073741824 ELSE 0 END) AS p FROM checklist_item_levels WHERE catalogue = NEW.catalogue AND item_id = NEW.item_id)
   WHERE p <> 0
  ON CONFLICT (system_id, catalogue) DO UPDATE SET l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, l4 = l4 + excluded.l4, l5 = l5 + excluded.l5;
END;
