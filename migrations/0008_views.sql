-- The other views of a customer (issue 12). contact_views: the intent score kept on ingest (score valued
-- at intent_at, aged on read) and what the daily pass derives (lifecycle, intent band, value class).
CREATE TABLE `contact_views` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`intent_score` real DEFAULT 0 NOT NULL,
	`intent_at` integer,
	`intent_top` text DEFAULT '[]' NOT NULL,
	`stage` text,
	`sleep` text,
	`complaint_sleeper` integer DEFAULT 0 NOT NULL,
	`intent_band` text,
	`value_class` text,
	`value_reason` text,
	`pass_at` integer,
	PRIMARY KEY(`account_id`, `contact_id`)
);
--> statement-breakpoint
CREATE INDEX `contact_views_stage_idx` ON `contact_views` (`account_id`,`stage`);
--> statement-breakpoint
CREATE INDEX `contact_views_value_idx` ON `contact_views` (`account_id`,`value_class`);
--> statement-breakpoint
-- Who brought whom: one referrer per referred contact (the first real link wins; the merchant may override).
-- Contact columns end in contact_id, so forgetting a person (privacy) reaches these rows too.
CREATE TABLE `referrals` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`referrer_contact_id` text NOT NULL,
	`source` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
--> statement-breakpoint
CREATE INDEX `referrals_referrer_contact_idx` ON `referrals` (`account_id`,`referrer_contact_id`);
--> statement-breakpoint
-- Contact cards (名片) customers sent: the carded person, if later added, was brought by the sender.
CREATE TABLE `referral_cards` (
	`account_id` text NOT NULL,
	`message_id` text NOT NULL,
	`referrer_contact_id` text NOT NULL,
	`card_contact_id` text,
	`card_name` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `referral_cards_contact_idx` ON `referral_cards` (`account_id`,`card_contact_id`);
--> statement-breakpoint
-- Points (会员积分, optional): every change a row, the balance their sum.
CREATE TABLE `points_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`delta` integer NOT NULL,
	`reason` text NOT NULL,
	`source` text NOT NULL,
	`ref` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `points_ledger_contact_idx` ON `points_ledger` (`account_id`,`contact_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `points_ledger_ref_idx` ON `points_ledger` (`account_id`,`source`,`ref`);
