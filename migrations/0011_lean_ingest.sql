-- Lean ingest (issue 14). tier_history and sync_outbox key their rows by rowid without AUTOINCREMENT:
-- AUTOINCREMENT rewrites the sqlite_sequence page on every insert (one page more per tier change or
-- newly planned op). A plain INTEGER PRIMARY KEY still hands out max + 1, so ids only differ when the
-- newest row is deleted: nothing reads tier_history ids, and sync_outbox rows are never deleted.
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
CREATE TABLE `__sync_outbox_new` (
	`id` integer PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text DEFAULT '' NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__sync_outbox_new` (`id`, `account_id`, `contact_id`, `kind`, `key`, `payload`, `status`, `attempts`, `next_at`, `last_error`, `created_at`, `updated_at`)
  SELECT `id`, `account_id`, `contact_id`, `kind`, `key`, `payload`, `status`, `attempts`, `next_at`, `last_error`, `created_at`, `updated_at` FROM `sync_outbox`;
--> statement-breakpoint
DROP TABLE `sync_outbox`;
--> statement-breakpoint
ALTER TABLE `__sync_outbox_new` RENAME TO `sync_outbox`;
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_outbox_key_idx` ON `sync_outbox` (`account_id`,`contact_id`,`kind`,`key`);
--> statement-breakpoint
CREATE INDEX `sync_outbox_due_idx` ON `sync_outbox` (`account_id`,`next_at`) WHERE status = 'pending';
--> statement-breakpoint
DELETE FROM `sqlite_sequence` WHERE `name` IN ('tier_history', 'sync_outbox');
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
