-- Customers' birthdays (issue 20): a yearly date, solar or lunar, as the merchant gave it.
CREATE TABLE `birthdays` (
	`account_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`calendar` text NOT NULL,
	`month` integer NOT NULL,
	`day` integer NOT NULL,
	`leap` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `contact_id`)
);
