-- Follow-up email and the worker's durable jobs (docs/email.md). Times are UTC.

-- The email outbox: one row per message Rebound means to send. The UNIQUE key (kind, subject, recipient)
-- makes every enqueue idempotent: a status change seen twice, or two planners at once, add one row.
-- status: queued (waits for due_at) → sending (claimed: claimed_by holds it until lease_until) → sent |
-- skipped (dropped by a rule; reason says which) | failed (a permanent 5xx) | dead (retries ran out).
-- in_data = 1 once the current attempt is about to hand the message over (after DATA's 354); an attempt
-- that ends without an answer after that point may have been delivered, and is counted in unconfirmed.
CREATE TABLE IF NOT EXISTS `{p}rebound_email` (
  `email_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `kind` VARCHAR(32) NOT NULL,
  `subject_key` VARCHAR(96) NOT NULL,
  `recipient` VARCHAR(255) NOT NULL,
  `recipient_name` VARCHAR(128) NOT NULL DEFAULT '',
  `store_id` INT NOT NULL DEFAULT 0,
  `customer_id` INT NOT NULL DEFAULT 0,
  `language_id` INT NOT NULL DEFAULT 0,
  `order_id` INT NOT NULL DEFAULT 0,
  `case_id` INT NOT NULL DEFAULT 0,
  `transactional` TINYINT(1) NOT NULL DEFAULT 1,
  `data` MEDIUMTEXT NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'queued',
  `due_at` DATETIME(6) NOT NULL,
  `attempts` INT NOT NULL DEFAULT 0,
  `deferrals` INT NOT NULL DEFAULT 0,
  `claimed_by` VARCHAR(64) NULL,
  `lease_until` DATETIME(6) NULL,
  `in_data` TINYINT(1) NOT NULL DEFAULT 0,
  `unconfirmed` INT NOT NULL DEFAULT 0,
  `contacted_at` DATETIME(6) NULL,
  `reason` VARCHAR(32) NULL,
  `last_error` VARCHAR(255) NULL,
  `created_at` DATETIME(6) NOT NULL,
  `sent_at` DATETIME(6) NULL,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`email_id`),
  UNIQUE KEY `dedupe` (`kind`, `subject_key`, `recipient`),
  KEY `status_due` (`status`, `due_at`),
  KEY `status_lease` (`status`, `lease_until`),
  KEY `recipient_contacted` (`recipient`, `contacted_at`),
  KEY `case_id` (`case_id`),
  KEY `order_id` (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Addresses not to mail. The extension writes 'unsubscribe' rows (one-click and the unsubscribe page);
-- the sidecar writes 'bounce' rows (a permanent SMTP failure) and applies email.unsubscribed events.
-- 'unsubscribe' stops everything that is not transactional; 'bounce' stops all mail to the address.
-- email is trimmed and lower-cased.
CREATE TABLE IF NOT EXISTS `{p}rebound_suppression` (
  `email` VARCHAR(255) NOT NULL,
  `reason` VARCHAR(16) NOT NULL,
  `source` VARCHAR(32) NOT NULL DEFAULT '',
  `email_id` BIGINT UNSIGNED NULL,
  `detail` VARCHAR(255) NULL,
  `created_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per recipient of budgeted (non-transactional) mail: locking it serialises the contact budget's
-- decisions, so two workers cannot both spend a recipient's last allowance.
CREATE TABLE IF NOT EXISTS `{p}rebound_contact` (
  `recipient` VARCHAR(255) NOT NULL,
  `last_contact_at` DATETIME(6) NULL,
  PRIMARY KEY (`recipient`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- CSAT (1-5) and NPS (0-10) answers, from survey.answered events; one per survey email, the last one wins.
CREATE TABLE IF NOT EXISTS `{p}rebound_survey_answer` (
  `email_id` BIGINT UNSIGNED NOT NULL,
  `kind` VARCHAR(8) NOT NULL,
  `subject_key` VARCHAR(96) NOT NULL DEFAULT '',
  `recipient` VARCHAR(255) NOT NULL DEFAULT '',
  `store_id` INT NOT NULL DEFAULT 0,
  `case_id` INT NOT NULL DEFAULT 0,
  `order_id` INT NOT NULL DEFAULT 0,
  `score` TINYINT NOT NULL,
  `comment` TEXT NULL,
  `event_uuid` CHAR(36) NOT NULL,
  `answered_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`email_id`),
  KEY `kind_answered` (`kind`, `answered_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The worker's durable jobs (sidecar/schedule.py). A periodic task adds one row per scheduled slot; the
-- UNIQUE (task, slot) makes that idempotent, so any number of workers add one job per slot. A job is
-- claimed with FOR UPDATE SKIP LOCKED and a lease; a crashed worker's lease runs out and another takes it.
CREATE TABLE IF NOT EXISTS `{p}rebound_job` (
  `job_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `task` VARCHAR(64) NOT NULL,
  `slot` VARCHAR(64) NOT NULL,
  `payload` TEXT NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'queued',
  `due_at` DATETIME(6) NOT NULL,
  `attempts` INT NOT NULL DEFAULT 0,
  `claimed_by` VARCHAR(64) NULL,
  `lease_until` DATETIME(6) NULL,
  `last_error` VARCHAR(255) NULL,
  `created_at` DATETIME(6) NOT NULL,
  `started_at` DATETIME(6) NULL,
  `finished_at` DATETIME(6) NULL,
  PRIMARY KEY (`job_id`),
  UNIQUE KEY `task_slot` (`task`, `slot`),
  KEY `status_due` (`status`, `due_at`),
  KEY `status_lease` (`status`, `lease_until`),
  KEY `task_status` (`task`, `status`, `finished_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
