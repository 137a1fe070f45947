-- Lean ingest, third round (issue 14): one index on tiers instead of two. A rung change moved the
-- contact's entry in both (account, tier, activity) and (account, next_check_at): two leaves out, two
-- in. One index (account, tier, activity, next_check_at) serves both readers: lists and counts by rung
-- and activity seek its prefix as before, and the daily pass asks each (rung, activity) for its due
-- boundaries (`tier IN (0, …, 5) AND activity IN (…) AND next_check_at <= now`: short ranges).
-- contact_id rides along: a list by rung and activity (the wake-up list reads every silent customer)
-- finds who without visiting each tiers row.
DROP INDEX IF EXISTS `tiers_tier_idx`;
--> statement-breakpoint
DROP INDEX IF EXISTS `tiers_next_check_idx`;
--> statement-breakpoint
CREATE INDEX `tiers_rung_idx` ON `tiers` (`account_id`,`tier`,`activity`,`next_check_at`,`contact_id`);
--> statement-breakpoint
-- label_state without a rowid: its rows are small and always found by (account, contact), so the
-- primary key is the table, and a contact's first write adds one b-tree entry, not a row plus an index
-- entry.
CREATE TABLE `__label_state_new` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`labels` text DEFAULT '[]' NOT NULL,
	`remark` text,
	`base_remark` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__label_state_new` (`account_id`, `contact_id`, `labels`, `remark`, `base_remark`, `updated_at`)
  SELECT `account_id`, `contact_id`, `labels`, `remark`, `base_remark`, `updated_at` FROM `label_state`;
--> statement-breakpoint
DROP TABLE `label_state`;
--> statement-breakpoint
ALTER TABLE `__label_state_new` RENAME TO `label_state`;
--> statement-breakpoint
-- The name-list counter no longer moves when only tierbot's rung prefix changes (`赵六` → `L1|赵六` →
-- `L2|赵六`, the label runner's remark write at every rung change): every reader of the counter (name
-- lists, the remark lookups) reads remarks without that prefix, so nothing it holds changed. One
-- default-format prefix (`L0|` … `L5|`) is set aside on each side; any other change still moves it.
-- src/contacts/remark-index.ts mirrors this condition in its TEMP trigger.
DROP TRIGGER IF EXISTS contacts_version_update;
--> statement-breakpoint
CREATE TRIGGER contacts_version_update AFTER UPDATE OF name, remark ON contacts
WHEN OLD.name IS NOT NEW.name
  OR (CASE WHEN OLD.remark GLOB 'L[0-5]|*' THEN substr(OLD.remark, 4) ELSE OLD.remark END)
    IS NOT (CASE WHEN NEW.remark GLOB 'L[0-5]|*' THEN substr(NEW.remark, 4) ELSE NEW.remark END)
BEGIN
  INSERT INTO meta (account_id, key, value, updated_at) SELECT NEW.account_id, 'contacts.version', '0', 0
    WHERE NOT EXISTS (SELECT 1 FROM meta WHERE account_id = NEW.account_id AND key = 'contacts.version');
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE account_id = NEW.account_id AND key = 'contacts.version';
END;
