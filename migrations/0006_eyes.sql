-- A complaint the merchant marked handled (/handled): it leaves the morning list even if not answered in chat.
CREATE TABLE `complaints_handled` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`handled_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
--> statement-breakpoint
-- What /undo can take back: the merchant's recent /paid, /refund, /note, pin and snooze, newest first.
CREATE TABLE `undo_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`contact_id` text NOT NULL,
	`ref` text,
	`before` text,
	`at` integer NOT NULL,
	`undone_at` integer
);
--> statement-breakpoint
CREATE INDEX `undo_log_account_idx` ON `undo_log` (`account_id`,`at`);
