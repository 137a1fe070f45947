-- Lean ingest (issue 14). tier_history keys its rows by rowid without AUTOINCREMENT: AUTOINCREMENT
-- rewrites the sqlite_sequence page on every insert (one page more per tier change); nothing reads
-- these ids, and a plain INTEGER PRIMARY KEY still hands out increasing ids while the newest row stays.
CREATE TABLE `__tier_history_new` (
	`id` integer PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`from_tier` integer,
	`to_tier` integer NOT NULL,
	`from_activity` text,
	`to_activity` text NOT NULL,
	`cause` text NOT NULL,
	`cause_ref` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__tier_history_new` (`id`, `account_id`, `contact_id`, `from_tier`, `to_tier`, `from_activity`, `to_activity`, `cause`, `cause_ref`, `at`)
  SELECT `id`, `account_id`, `contact_id`, `from_tier`, `to_tier`, `from_activity`, `to_activity`, `cause`, `cause_ref`, `at` FROM `tier_history`;
--> statement-breakpoint
DROP TABLE `tier_history`;
--> statement-breakpoint
ALTER TABLE `__tier_history_new` RENAME TO `tier_history`;
--> statement-breakpoint
CREATE INDEX `tier_history_contact_idx` ON `tier_history` (`account_id`,`contact_id`,`at`);
--> statement-breakpoint
CREATE INDEX `tier_history_at_idx` ON `tier_history` (`account_id`,`at`);
--> statement-breakpoint
DELETE FROM `sqlite_sequence` WHERE `name` = 'tier_history';
--> statement-breakpoint
-- The views' intent score moves into the contact's stats row: ingest writes that row's page for every
-- message anyway, while a row of its own in contact_views cost one more page per message.
ALTER TABLE `contact_stats` ADD `intent_score` real DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE `contact_stats` ADD `intent_at` integer;
--> statement-breakpoint
ALTER TABLE `contact_stats` ADD `intent_top` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
UPDATE `contact_stats` SET (`intent_score`, `intent_at`, `intent_top`) = (
    SELECT v.`intent_score`, v.`intent_at`, v.`intent_top` FROM `contact_views` v
    WHERE v.`account_id` = `contact_stats`.`account_id` AND v.`contact_id` = `contact_stats`.`contact_id`)
  WHERE EXISTS (SELECT 1 FROM `contact_views` v
    WHERE v.`account_id` = `contact_stats`.`account_id` AND v.`contact_id` = `contact_stats`.`contact_id`);
--> statement-breakpoint
ALTER TABLE `contact_views` DROP COLUMN `intent_score`;
--> statement-breakpoint
ALTER TABLE `contact_views` DROP COLUMN `intent_at`;
--> statement-breakpoint
ALTER TABLE `contact_views` DROP COLUMN `intent_top`;
