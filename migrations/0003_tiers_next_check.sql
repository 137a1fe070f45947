-- Issue 14: the tiers row holds only what changes when the state changes. Reasons are no longer
-- stored (they carried counts and dates, so the row was rewritten on almost every message); they are
-- built when someone reads a contact. next_check_at is the first instant time alone could change the
-- contact's rung or activity (computed by the classifier; NULL: never), so the daily pass reads only
-- the rows that are due. Existing rows are due at once: the first pass computes their boundaries.
ALTER TABLE `tiers` DROP COLUMN `reasons`;
--> statement-breakpoint
ALTER TABLE `tiers` ADD `next_check_at` integer DEFAULT 0;
--> statement-breakpoint
CREATE INDEX `tiers_next_check_idx` ON `tiers` (`account_id`,`next_check_at`);
--> statement-breakpoint
-- When a contact's added date changes (a group member becomes a friend), its time boundaries move:
-- make its row due so the next pass looks at it.
CREATE TRIGGER tiers_recheck_on_added AFTER UPDATE OF added_at, first_seen_at ON contacts
WHEN OLD.added_at IS NOT NEW.added_at OR OLD.first_seen_at IS NOT NEW.first_seen_at BEGIN
  UPDATE tiers SET next_check_at = 0 WHERE account_id = NEW.account_id AND contact_id = NEW.id;
END;
--> statement-breakpoint
-- The runner's due index holds pending ops only: marking an op done removes its entry instead of
-- moving it to a 'done' part of the index nobody reads (one page less per applied label or remark).
DROP INDEX `sync_outbox_due_idx`;
--> statement-breakpoint
CREATE INDEX `sync_outbox_due_idx` ON `sync_outbox` (`account_id`,`next_at`) WHERE status = 'pending';
