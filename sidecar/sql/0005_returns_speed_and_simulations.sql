-- Returns, second step: indexes for the eligibility page's customer history, and the admin simulator's runs.
--
-- MySQL 8 has no ADD INDEX IF NOT EXISTS (MariaDB has): each index is added through a statement chosen
-- from information_schema, so a run cut short and started again skips what is there.

-- A customer's delivered orders (the serial-returner signal counts them on every eligibility check).
SET @rebound_sql = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `{p}rebound_order_state` ADD KEY `customer_delivered` (`customer_id`, `delivered_at`)', 'SELECT 1') FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '{p}rebound_order_state' AND index_name = 'customer_delivered');
PREPARE rebound_stmt FROM @rebound_sql;
EXECUTE rebound_stmt;
DEALLOCATE PREPARE rebound_stmt;

-- Core returns already in a case (returned quantities and customer history look them up by return_id).
SET @rebound_sql = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `{p}rebound_case_line` ADD KEY `return_id` (`return_id`)', 'SELECT 1') FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '{p}rebound_case_line' AND index_name = 'return_id');
PREPARE rebound_stmt FROM @rebound_sql;
EXECUTE rebound_stmt;
DEALLOCATE PREPARE rebound_stmt;

-- The admin simulator's runs (sidecar/returns/simulate_jobs.py): the admin page starts one, then asks for
-- a few seconds of work at a time and shows the progress; `state` is where the run stands (its tallies
-- and the next order id). A step holds the row by a short lease, so two tabs never count a batch twice.
CREATE TABLE IF NOT EXISTS `{p}rebound_simulation` (
  `simulation_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `store_id` INT NOT NULL DEFAULT 0,
  `status` VARCHAR(16) NOT NULL DEFAULT 'running',
  `current_policy` MEDIUMTEXT NOT NULL,
  `proposed_policy` MEDIUMTEXT NOT NULL,
  `state` MEDIUMTEXT NOT NULL,
  `ids_done` BIGINT NOT NULL DEFAULT 0,
  `ids_total` BIGINT NOT NULL DEFAULT 0,
  `error` VARCHAR(255) NULL,
  `lease_until` DATETIME(6) NULL,
  `created_at` DATETIME(6) NOT NULL,
  `updated_at` DATETIME(6) NOT NULL,
  `finished_at` DATETIME(6) NULL,
  PRIMARY KEY (`simulation_id`),
  KEY `created_at` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
