CREATE TABLE `bot_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bot_events_at_idx` ON `bot_events` (`account_id`,`at`);--> statement-breakpoint
CREATE TABLE `contact_stats` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`rounds` integer DEFAULT 0 NOT NULL,
	`pending_inbound` integer DEFAULT 0 NOT NULL,
	`private_inbound` integer DEFAULT 0 NOT NULL,
	`private_outbound` integer DEFAULT 0 NOT NULL,
	`group_interactions` integer DEFAULT 0 NOT NULL,
	`first_inbound_at` integer,
	`last_inbound_at` integer,
	`last_outbound_at` integer,
	`pending_since` integer,
	`unanswered_intent_at` integer,
	`unanswered_intent_text` text,
	`approvals` integer DEFAULT 0 NOT NULL,
	`intents` integer DEFAULT 0 NOT NULL,
	`complaints` integer DEFAULT 0 NOT NULL,
	`last_complaint_at` integer,
	`referrals` integer DEFAULT 0 NOT NULL,
	`orders` integer DEFAULT 0 NOT NULL,
	`spend_fen` integer DEFAULT 0 NOT NULL,
	`refunds` integer DEFAULT 0 NOT NULL,
	`first_order_at` integer,
	`last_order_at` integer,
	`active_days` text DEFAULT '[]' NOT NULL,
	`recent` text DEFAULT '[]' NOT NULL,
	`personas` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`account_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`friend` integer DEFAULT false NOT NULL,
	`added_at` integer,
	`first_seen_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `contacts_name_idx` ON `contacts` (`account_id`,`name`);--> statement-breakpoint
CREATE INDEX `contacts_remark_idx` ON `contacts` (`account_id`,`remark`);--> statement-breakpoint
CREATE TABLE `digest_log` (
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`recipient` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`, `recipient`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `interactions` (
	`account_id` text NOT NULL,
	`message_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`room_id` text,
	`direction` text NOT NULL,
	`type` text NOT NULL,
	`raw_type` integer NOT NULL,
	`at` integer NOT NULL,
	`text` text,
	`signals` text,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `interactions_contact_at_idx` ON `interactions` (`account_id`,`contact_id`,`at`);--> statement-breakpoint
CREATE TABLE `label_state` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`labels` text DEFAULT '[]' NOT NULL,
	`remark` text,
	`base_remark` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`account_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`account_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`text` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notes_contact_idx` ON `notes` (`account_id`,`contact_id`,`at`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount_fen` integer,
	`at` integer NOT NULL,
	`source` text NOT NULL,
	`message_id` text,
	`note` text,
	`refunded_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `orders_contact_idx` ON `orders` (`account_id`,`contact_id`,`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_message_idx` ON `orders` (`account_id`,`message_id`);--> statement-breakpoint
CREATE TABLE `room_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`room_id` text NOT NULL,
	`kind` text NOT NULL,
	`contact_id` text,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `room_events_room_idx` ON `room_events` (`account_id`,`room_id`,`at`);--> statement-breakpoint
CREATE TABLE `rooms` (
	`account_id` text NOT NULL,
	`id` text NOT NULL,
	`topic` text DEFAULT '' NOT NULL,
	`monitored` integer DEFAULT true NOT NULL,
	`first_seen_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `snoozes` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`until` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
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
CREATE UNIQUE INDEX `sync_outbox_key_idx` ON `sync_outbox` (`account_id`,`contact_id`,`kind`,`key`);--> statement-breakpoint
CREATE INDEX `sync_outbox_due_idx` ON `sync_outbox` (`status`,`next_at`);--> statement-breakpoint
CREATE TABLE `tier_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
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
CREATE INDEX `tier_history_contact_idx` ON `tier_history` (`account_id`,`contact_id`,`at`);--> statement-breakpoint
CREATE INDEX `tier_history_at_idx` ON `tier_history` (`account_id`,`at`);--> statement-breakpoint
CREATE TABLE `tiers` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`tier` integer NOT NULL,
	`evidence_tier` integer NOT NULL,
	`pinned_tier` integer,
	`activity` text NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`since` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
--> statement-breakpoint
CREATE INDEX `tiers_tier_idx` ON `tiers` (`account_id`,`tier`,`activity`);