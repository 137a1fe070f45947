-- History import (issue 19): who each exported person became, each run's summary (the digest says
-- once what an import did), and contacts whose stats must be rebuilt from the log because history
-- arrived older than what was already counted (rounds depend on order).
CREATE TABLE `import_people` (
	`account_id` text NOT NULL,
	`export_key` text NOT NULL,
	`export_id` text DEFAULT '' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`contact_id` text NOT NULL,
	`status` text NOT NULL,
	`via` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `export_key`)
);
--> statement-breakpoint
CREATE INDEX `import_people_contact_idx` ON `import_people` (`account_id`,`contact_id`);
--> statement-breakpoint
CREATE INDEX `import_people_status_idx` ON `import_people` (`account_id`,`status`);
--> statement-breakpoint
CREATE TABLE `import_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`summary` text
);
--> statement-breakpoint
CREATE INDEX `import_runs_account_idx` ON `import_runs` (`account_id`,`finished_at`);
--> statement-breakpoint
CREATE TABLE `import_replay` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
