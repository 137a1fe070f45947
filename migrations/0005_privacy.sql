-- Privacy (forget, retention, backups). The audit records that something happened, when and by whom,
-- never what: no contact id, no name, no text. `detail` holds counts only (e.g. texts erased).
CREATE TABLE `privacy_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `privacy_audit_at_idx` ON `privacy_audit` (`account_id`,`at`);
--> statement-breakpoint
-- A forgotten person whose tier labels and remark prefix are still being taken off WeChat through the
-- outbox. The row (and the outbox and ledger rows it keeps alive) goes once those writes have run.
CREATE TABLE `forget_pending` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`queued_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
--> statement-breakpoint
-- Deleting a contact (forget) moves the name-list counter too, so in-memory name lists drop the name.
CREATE TRIGGER contacts_version_delete AFTER DELETE ON contacts BEGIN
  UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE account_id = OLD.account_id AND key = 'contacts.version';
END;
