-- Lean ingest, fourth round (issue 14): the label/remark ledger moves into the contact's row, and
-- contacts is kept without a rowid.
--
-- A rung change ends with the label runner recording what it wrote: the remark in contacts and the
-- labels in label_state, two b-tree leaves in one commit. The ledger now lives in contacts
-- (ledger_labels NULL: nothing recorded yet), so the record writes one leaf. label_state keeps only the
-- ledger of people without a contacts row: the undo writes recorded after a forget (which deleted the
-- row, ledger and all).
--
-- Without a rowid, a contact is found by (account, id) in one b-tree, not an index leaf plus a table
-- leaf: the ingest's name read, the reclassification and the runner's reads each visit one page fewer.
-- Contact rows are small (names, a remark, the ledger), as WITHOUT ROWID tables want.
CREATE TABLE `__contacts_new` (
	`account_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`friend` integer DEFAULT false NOT NULL,
	`added_at` integer,
	`first_seen_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`lost_at` integer,
	`lost_by` text,
	`ledger_labels` text,
	`ledger_remark` text,
	`ledger_base_remark` text,
	PRIMARY KEY(`account_id`, `id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__contacts_new` (`account_id`, `id`, `name`, `remark`, `friend`, `added_at`, `first_seen_at`, `updated_at`,
    `lost_at`, `lost_by`, `ledger_labels`, `ledger_remark`, `ledger_base_remark`)
  SELECT c.`account_id`, c.`id`, c.`name`, c.`remark`, c.`friend`, c.`added_at`, c.`first_seen_at`, c.`updated_at`,
    c.`lost_at`, c.`lost_by`, l.`labels`, l.`remark`, l.`base_remark`
  FROM `contacts` c LEFT JOIN `label_state` l ON l.`account_id` = c.`account_id` AND l.`contact_id` = c.`id`;
--> statement-breakpoint
DELETE FROM `label_state` WHERE EXISTS (SELECT 1 FROM `contacts` c
  WHERE c.`account_id` = `label_state`.`account_id` AND c.`id` = `label_state`.`contact_id`);
--> statement-breakpoint
DROP TABLE `contacts`;
--> statement-breakpoint
ALTER TABLE `__contacts_new` RENAME TO `contacts`;
--> statement-breakpoint
CREATE INDEX `contacts_name_idx` ON `contacts` (`account_id`,`name`);
--> statement-breakpoint
CREATE INDEX `contacts_lost_idx` ON `contacts` (`account_id`,`lost_at`) WHERE `lost_at` IS NOT NULL;
--> statement-breakpoint
-- The table's triggers went with it; the same four again (0001, 0003, 0013).
CREATE TRIGGER contacts_version_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO meta (account_id, key, value, updated_at) SELECT NEW.account_id, 'contacts.version', '0', 0
    WHERE NOT EXISTS (SELECT 1 FROM meta WHERE account_id = NEW.account_id AND key = 'contacts.version');
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE account_id = NEW.account_id AND key = 'contacts.version';
END;
--> statement-breakpoint
CREATE TRIGGER contacts_version_delete AFTER DELETE ON contacts BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE account_id = OLD.account_id AND key = 'contacts.version';
END;
--> statement-breakpoint
-- src/contacts/remark-index.ts mirrors this condition in its TEMP trigger.
CREATE TRIGGER contacts_version_update AFTER UPDATE OF name, remark ON contacts
WHEN OLD.name IS NOT NEW.name
  OR (CASE WHEN OLD.remark GLOB 'L[0-5]|*' THEN substr(OLD.remark, 4) ELSE OLD.remark END)
    IS NOT (CASE WHEN NEW.remark GLOB 'L[0-5]|*' THEN substr(NEW.remark, 4) ELSE NEW.remark END)
BEGIN
  INSERT INTO meta (account_id, key, value, updated_at) SELECT NEW.account_id, 'contacts.version', '0', 0
    WHERE NOT EXISTS (SELECT 1 FROM meta WHERE account_id = NEW.account_id AND key = 'contacts.version');
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE account_id = NEW.account_id AND key = 'contacts.version';
END;
--> statement-breakpoint
CREATE TRIGGER tiers_recheck_on_added AFTER UPDATE OF added_at, first_seen_at ON contacts
WHEN OLD.added_at IS NOT NEW.added_at OR OLD.first_seen_at IS NOT NEW.first_seen_at BEGIN
  UPDATE tiers SET next_check_at = 0 WHERE account_id = NEW.account_id AND contact_id = NEW.id;
END;
