-- Rebound's own tables: the one source of their DDL. `{p}` is the store's table prefix.
-- Times in rebound_* tables are UTC (the sidecar's sessions run with time_zone '+00:00').
-- Every statement is idempotent: a migration interrupted half-way can simply run again.

-- The event outbox. The extension inserts a row for every shopper or admin event before it answers,
-- then may ring the sidecar; the worker delivers whatever was not delivered.
CREATE TABLE IF NOT EXISTS `{p}rebound_event` (
  `rebound_event_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `event_uuid` CHAR(36) NOT NULL,
  `type` VARCHAR(64) NOT NULL,
  `store_id` INT NOT NULL DEFAULT 0,
  `payload` MEDIUMTEXT NOT NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'pending',
  `attempts` INT NOT NULL DEFAULT 0,
  `next_attempt_at` DATETIME(6) NULL,
  `last_error` VARCHAR(255) NULL,
  `created_at` DATETIME(6) NOT NULL,
  `delivered_at` DATETIME(6) NULL,
  PRIMARY KEY (`rebound_event_id`),
  UNIQUE KEY `event_uuid` (`event_uuid`),
  KEY `status_next` (`status`, `next_attempt_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per running worker process, refreshed every few seconds; /readyz reads the freshest.
CREATE TABLE IF NOT EXISTS `{p}rebound_worker` (
  `worker_id` VARCHAR(64) NOT NULL,
  `hostname` VARCHAR(255) NOT NULL,
  `pid` INT NOT NULL,
  `started_at` DATETIME(6) NOT NULL,
  `heartbeat_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`worker_id`),
  KEY `heartbeat_at` (`heartbeat_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- How far each scan of OpenCart's tables has read, by auto-increment id (see DESIGN.md, Data ownership).
CREATE TABLE IF NOT EXISTS `{p}rebound_watermark` (
  `name` VARCHAR(64) NOT NULL,
  `value` BIGINT NOT NULL DEFAULT 0,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
