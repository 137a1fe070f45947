-- The digest's short lists read only the rows that can qualify (issue 14). Each index is partial, so a
-- message that sets none of these columns writes no extra page; the trailing contact_id (message_id for
-- orders) keeps ties in the order the sections showed them before.
CREATE INDEX `contact_stats_complaint_idx` ON `contact_stats` (`account_id`,`last_complaint_at`,`contact_id`) WHERE `last_complaint_at` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contact_stats_intent_idx` ON `contact_stats` (`account_id`,`unanswered_intent_at`,`contact_id`) WHERE `unanswered_intent_at` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `orders_payment_at_idx` ON `orders` (`account_id`,`at`,`message_id`) WHERE `kind` = 'payment' AND `refunded_at` IS NULL;--> statement-breakpoint
CREATE INDEX `contact_stats_personas_idx` ON `contact_stats` (`account_id`,`contact_id`) WHERE `personas` <> '[]';
