-- A customer who deleted the account (or whom the merchant removed) is lost (流失): when, and by whom.
-- Cleared when the customer is added again; the history stays.
ALTER TABLE `contacts` ADD `lost_at` integer;
--> statement-breakpoint
ALTER TABLE `contacts` ADD `lost_by` text;
--> statement-breakpoint
CREATE INDEX `contacts_lost_idx` ON `contacts` (`account_id`,`lost_at`) WHERE `lost_at` IS NOT NULL;
--> statement-breakpoint
-- WeCom corp tags (platform juzi): the ids of tierbot's tag group and of its tags, found or created once.
CREATE TABLE `corp_tags` (
	`account_id` text NOT NULL,
	`group_name` text NOT NULL,
	`name` text NOT NULL,
	`tag_id` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `group_name`, `name`)
);
