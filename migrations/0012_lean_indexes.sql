-- Lean ingest, second round (issue 14): two b-trees fewer on a message's path.
-- contacts_remark_idx goes: the sync runner rewrites a customer's remark at every rung change
-- (`L1|赵六` → `L2|赵六`), which moved the contact's entry in it each time. Exact remark lookups are
-- served from memory instead (src/contacts/remark-index.ts).
DROP INDEX IF EXISTS `contacts_remark_idx`;
--> statement-breakpoint
-- tier_history is clustered by contact (WITHOUT ROWID, primary key account, contact, at, seq): a change
-- writes one leaf among the contact's rows instead of a table leaf plus a (contact, at) index leaf.
-- `seq` numbers each contact's changes in the order they were made, which the old ids gave.
CREATE TABLE `__tier_history_new` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`from_tier` integer,
	`to_tier` integer NOT NULL,
	`from_activity` text,
	`to_activity` text NOT NULL,
	`cause` text NOT NULL,
	`cause_ref` text,
	`at` integer NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`, `at`, `seq`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__tier_history_new` (`account_id`, `contact_id`, `from_tier`, `to_tier`, `from_activity`, `to_activity`, `cause`, `cause_ref`, `at`, `seq`)
  SELECT `account_id`, `contact_id`, `from_tier`, `to_tier`, `from_activity`, `to_activity`, `cause`, `cause_ref`, `at`,
    ROW_NUMBER() OVER (PARTITION BY `account_id`, `contact_id` ORDER BY `id`) FROM `tier_history`;
--> statement-breakpoint
DROP TABLE `tier_history`;
--> statement-breakpoint
ALTER TABLE `__tier_history_new` RENAME TO `tier_history`;
--> statement-breakpoint
CREATE INDEX `tier_history_at_idx` ON `tier_history` (`account_id`,`at`);
