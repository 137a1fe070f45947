-- A per-account counter that moves whenever a contact is added or its name or remark changes, so
-- in-memory name lists (command name resolution) know when to reload without scanning the table.
-- No OR IGNORE / upsert inside the triggers: an outer statement's conflict clause (ingest's upserts)
-- overrides a trigger's, which would turn the first write of the counter into a constraint error.
CREATE TRIGGER contacts_version_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO meta (account_id, key, value, updated_at) SELECT NEW.account_id, 'contacts.version', '0', 0
    WHERE NOT EXISTS (SELECT 1 FROM meta WHERE account_id = NEW.account_id AND key = 'contacts.version');
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE account_id = NEW.account_id AND key = 'contacts.version';
END;
--> statement-breakpoint
CREATE TRIGGER contacts_version_update AFTER UPDATE OF name, remark ON contacts
WHEN OLD.name IS NOT NEW.name OR OLD.remark IS NOT NEW.remark BEGIN
  INSERT INTO meta (account_id, key, value, updated_at) SELECT NEW.account_id, 'contacts.version', '0', 0
    WHERE NOT EXISTS (SELECT 1 FROM meta WHERE account_id = NEW.account_id AND key = 'contacts.version');
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE account_id = NEW.account_id AND key = 'contacts.version';
END;
