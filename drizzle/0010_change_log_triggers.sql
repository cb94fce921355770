-- The change log (fact_changes) written by SQLite itself: one row per inserted, updated or deleted record of
-- every data table, naming the system, organisation or person it belongs to. An update writes the record
-- as it was and, when it moved (another system, organisation or person), as it is. Whoever writes — the
-- app, a CLI, the sqlite3 shell, another process — the caches learn of it (src/modules/evaluation).
-- A new data table gets the same three triggers (test/db/change-log.test.ts checks every table has them).
CREATE TRIGGER systems_changes_insert AFTER INSERT ON systems
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('systems', NEW.id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER systems_changes_delete AFTER DELETE ON systems
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('systems', OLD.id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER systems_changes_update AFTER UPDATE ON systems
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('systems', OLD.id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'systems', NEW.id, NULL, NULL WHERE NEW.id IS NOT OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER level_decisions_changes_insert AFTER INSERT ON level_decisions
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('level_decisions', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER level_decisions_changes_delete AFTER DELETE ON level_decisions
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('level_decisions', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER level_decisions_changes_update AFTER UPDATE ON level_decisions
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('level_decisions', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'level_decisions', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER layer1_designations_changes_insert AFTER INSERT ON layer1_designations
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer1_designations', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER layer1_designations_changes_delete AFTER DELETE ON layer1_designations
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer1_designations', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER layer1_designations_changes_update AFTER UPDATE ON layer1_designations
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer1_designations', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'layer1_designations', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER layer2_monitoring_changes_insert AFTER INSERT ON layer2_monitoring
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer2_monitoring', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER layer2_monitoring_changes_delete AFTER DELETE ON layer2_monitoring
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer2_monitoring', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER layer2_monitoring_changes_update AFTER UPDATE ON layer2_monitoring
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer2_monitoring', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'layer2_monitoring', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER engagements_changes_insert AFTER INSERT ON engagements
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('engagements', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER engagements_changes_delete AFTER DELETE ON engagements
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('engagements', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER engagements_changes_update AFTER UPDATE ON engagements
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('engagements', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'engagements', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER layer4_connections_changes_insert AFTER INSERT ON layer4_connections
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer4_connections', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER layer4_connections_changes_delete AFTER DELETE ON layer4_connections
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer4_connections', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER layer4_connections_changes_update AFTER UPDATE ON layer4_connections
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('layer4_connections', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'layer4_connections', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER assessments_changes_insert AFTER INSERT ON assessments
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('assessments', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER assessments_changes_delete AFTER DELETE ON assessments
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('assessments', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER assessments_changes_update AFTER UPDATE ON assessments
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('assessments', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'assessments', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER findings_changes_insert AFTER INSERT ON findings
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('findings', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER findings_changes_delete AFTER DELETE ON findings
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('findings', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER findings_changes_update AFTER UPDATE ON findings
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('findings', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'findings', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER checklist_answers_changes_insert AFTER INSERT ON checklist_answers
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('checklist_answers', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER checklist_answers_changes_delete AFTER DELETE ON checklist_answers
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('checklist_answers', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER checklist_answers_changes_update AFTER UPDATE ON checklist_answers
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('checklist_answers', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'checklist_answers', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER self_inspection_notices_changes_insert AFTER INSERT ON self_inspection_notices
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('self_inspection_notices', NEW.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER self_inspection_notices_changes_delete AFTER DELETE ON self_inspection_notices
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('self_inspection_notices', OLD.system_id, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER self_inspection_notices_changes_update AFTER UPDATE ON self_inspection_notices
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('self_inspection_notices', OLD.system_id, NULL, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'self_inspection_notices', NEW.system_id, NULL, NULL WHERE NEW.system_id IS NOT OLD.system_id;
END;
--> statement-breakpoint
CREATE TRIGGER operator_assignments_changes_insert AFTER INSERT ON operator_assignments
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('operator_assignments', NEW.system_id, NULL, NEW.operator_id);
END;
--> statement-breakpoint
CREATE TRIGGER operator_assignments_changes_delete AFTER DELETE ON operator_assignments
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('operator_assignments', OLD.system_id, NULL, OLD.operator_id);
END;
--> statement-breakpoint
CREATE TRIGGER operator_assignments_changes_update AFTER UPDATE ON operator_assignments
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('operator_assignments', OLD.system_id, NULL, OLD.operator_id);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'operator_assignments', NEW.system_id, NULL, NEW.operator_id WHERE NEW.system_id IS NOT OLD.system_id OR NEW.operator_id IS NOT OLD.operator_id;
END;
--> statement-breakpoint
CREATE TRIGGER drills_changes_insert AFTER INSERT ON drills
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('drills', NEW.system_id, NEW.organisation_id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER drills_changes_delete AFTER DELETE ON drills
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('drills', OLD.system_id, OLD.organisation_id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER drills_changes_update AFTER UPDATE ON drills
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('drills', OLD.system_id, OLD.organisation_id, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'drills', NEW.system_id, NEW.organisation_id, NULL WHERE NEW.system_id IS NOT OLD.system_id OR NEW.organisation_id IS NOT OLD.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER budgets_changes_insert AFTER INSERT ON budgets
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('budgets', NEW.system_id, NEW.organisation_id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER budgets_changes_delete AFTER DELETE ON budgets
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('budgets', OLD.system_id, OLD.organisation_id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER budgets_changes_update AFTER UPDATE ON budgets
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('budgets', OLD.system_id, OLD.organisation_id, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'budgets', NEW.system_id, NEW.organisation_id, NULL WHERE NEW.system_id IS NOT OLD.system_id OR NEW.organisation_id IS NOT OLD.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER annual_reports_changes_insert AFTER INSERT ON annual_reports
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('annual_reports', NULL, NEW.organisation_id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER annual_reports_changes_delete AFTER DELETE ON annual_reports
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('annual_reports', NULL, OLD.organisation_id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER annual_reports_changes_update AFTER UPDATE ON annual_reports
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('annual_reports', NULL, OLD.organisation_id, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'annual_reports', NULL, NEW.organisation_id, NULL WHERE NEW.organisation_id IS NOT OLD.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER operators_changes_insert AFTER INSERT ON operators
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('operators', NULL, NEW.organisation_id, NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER operators_changes_delete AFTER DELETE ON operators
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('operators', NULL, OLD.organisation_id, OLD.id);
END;
--> statement-breakpoint
CREATE TRIGGER operators_changes_update AFTER UPDATE ON operators
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('operators', NULL, OLD.organisation_id, OLD.id);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'operators', NULL, NEW.organisation_id, NEW.id WHERE NEW.organisation_id IS NOT OLD.organisation_id OR NEW.id IS NOT OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER certificates_changes_insert AFTER INSERT ON certificates
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('certificates', NULL, NULL, NEW.operator_id);
END;
--> statement-breakpoint
CREATE TRIGGER certificates_changes_delete AFTER DELETE ON certificates
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('certificates', NULL, NULL, OLD.operator_id);
END;
--> statement-breakpoint
CREATE TRIGGER certificates_changes_update AFTER UPDATE ON certificates
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('certificates', NULL, NULL, OLD.operator_id);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'certificates', NULL, NULL, NEW.operator_id WHERE NEW.operator_id IS NOT OLD.operator_id;
END;
--> statement-breakpoint
CREATE TRIGGER knowledge_updates_changes_insert AFTER INSERT ON knowledge_updates
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('knowledge_updates', NULL, NULL, NEW.operator_id);
END;
--> statement-breakpoint
CREATE TRIGGER knowledge_updates_changes_delete AFTER DELETE ON knowledge_updates
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('knowledge_updates', NULL, NULL, OLD.operator_id);
END;
--> statement-breakpoint
CREATE TRIGGER knowledge_updates_changes_update AFTER UPDATE ON knowledge_updates
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('knowledge_updates', NULL, NULL, OLD.operator_id);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'knowledge_updates', NULL, NULL, NEW.operator_id WHERE NEW.operator_id IS NOT OLD.operator_id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_changes_insert AFTER INSERT ON organisations
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('organisations', NULL, NEW.id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER organisations_changes_delete AFTER DELETE ON organisations
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('organisations', NULL, OLD.id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER organisations_changes_update AFTER UPDATE ON organisations
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('organisations', NULL, OLD.id, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'organisations', NULL, NEW.id, NULL WHERE NEW.id IS NOT OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER users_changes_insert AFTER INSERT ON users
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('users', NULL, NEW.organisation_id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER users_changes_delete AFTER DELETE ON users
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('users', NULL, OLD.organisation_id, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER users_changes_update AFTER UPDATE ON users
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('users', NULL, OLD.organisation_id, NULL);
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) SELECT 'users', NULL, NEW.organisation_id, NULL WHERE NEW.organisation_id IS NOT OLD.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER api_tokens_changes_insert AFTER INSERT ON api_tokens
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('api_tokens', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER api_tokens_changes_delete AFTER DELETE ON api_tokens
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('api_tokens', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER api_tokens_changes_update AFTER UPDATE ON api_tokens
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('api_tokens', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER calendar_tokens_changes_insert AFTER INSERT ON calendar_tokens
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('calendar_tokens', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER calendar_tokens_changes_delete AFTER DELETE ON calendar_tokens
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('calendar_tokens', NULL, NULL, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER calendar_tokens_changes_update AFTER UPDATE ON calendar_tokens
BEGIN
  INSERT INTO fact_changes (table_name, system_id, organisation_id, operator_id) VALUES ('calendar_tokens', NULL, NULL, NULL);
END;
