-- One row per account and local day: the funnel as the daily pass saw it (levels; null on back-filled days
-- that are not week starts) and what happened that day (flows). The weekly report reads only these rows.
CREATE TABLE `funnel_snapshots` (
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`taken_at` integer NOT NULL,
	`source` text NOT NULL,
	`total` integer,
	`tiers` text,
	`activity` text,
	`new_friends` integer DEFAULT 0 NOT NULL,
	`woken` integer DEFAULT 0 NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	`spend_fen` integer DEFAULT 0 NOT NULL,
	`spend_by_tier` text DEFAULT '[0,0,0,0,0,0]' NOT NULL,
	`moves` text,
	PRIMARY KEY(`account_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `report_log` (
	`account_id` text NOT NULL,
	`week` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `week`, `recipient`, `kind`)
);
