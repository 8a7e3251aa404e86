<?php
// Heading
$_['heading_title']             = 'Rebound';

// Text
$_['text_extension']            = 'Extensions';
$_['text_edit']                 = 'Rebound settings';
$_['text_success']              = 'Success: You have modified Rebound!';
$_['text_sidecar']              = 'Sidecar';
$_['text_secret']               = 'Shared secret';
$_['text_connection']           = 'Connection';
$_['text_data']                 = 'Rebound data';
$_['text_photos']               = 'Photos from shoppers';
$_['text_storage_public']       = 'Stored photos can be fetched by URL: OpenCart\'s storage folder (%s) is inside the web root. Rebound\'s .htaccess keeps its photos private on Apache only; on nginx, or any server that ignores .htaccess, anyone can open a stored photo at %s&lt;name&gt;.jpg, hidden photos and return photos included.';
$_['text_storage_fix']          = 'Move the storage folder outside the web root (OpenCart\'s dashboard offers to do this: the security notice\'s "Move storage directory"), or deny the folder in the web server\'s configuration. For nginx, in the store\'s server block:';
$_['text_secret_once']          = 'This is the only time the secret is shown. Put these lines in the sidecar\'s environment (for example docker/.env, or the service\'s environment file) and restart the sidecar. In REBOUND_DB_URL, put the MySQL user and password the sidecar uses (a user with the privileges `rebound doctor --grants` prints); `rebound doctor` then checks all of it.';
$_['text_secret_hidden']        = 'The secret was shown once, when it was made. If it is lost, rotate it to get a new one.';
$_['text_secret_hidden_access'] = 'Only a user allowed to modify Rebound can see or rotate the secret.';
$_['text_rotate_help']          = 'Rotating makes a new secret. The old one keeps working for 7 days: until then the store signs every request with both, so the sidecar may be switched over at any time in that week.';
$_['text_rotated']              = 'Success: a new secret is in use. Set the lines below in the sidecar\'s environment and restart it; the old secret is accepted until %s.';
$_['text_previous_until']       = 'A rotation is under way: the previous secret is still sent until %s. Once the sidecar has REBOUND_SECRET set to the new secret, REBOUND_SECRET_PREVIOUS can be removed.';
$_['text_test_help']            = 'Sends a signed GET /v1/health to the sidecar with the current secret.';
$_['text_testing']              = 'Testing…';
$_['text_connected']            = 'Connected to Rebound sidecar %s in %d ms.';
$_['text_connected_warnings']   = 'Connected to Rebound sidecar %s in %d ms, but:';
$_['text_connected_failing']    = 'Connected to Rebound sidecar %s in %d ms, but Rebound is not working yet:';
$_['text_not_connected']        = 'The test failed:';
$_['text_fact_schema']          = 'Schema version %s (the sidecar expects %s)';
$_['text_fact_worker']          = 'Worker heartbeat %s s ago';
$_['text_fact_worker_none']     = 'No worker heartbeat';
$_['text_fact_outbox']          = 'Outbox: %d pending, %d dead';
$_['text_fact_clock']           = 'Clock difference: %+d s';
$_['text_schema']               = 'Rebound\'s tables in this database: version %s; this extension ships version %s.';
$_['text_schema_missing']       = 'Rebound\'s tables do not exist in this database. Save the settings with the status enabled to create them.';
$_['text_schema_behind']        = 'Rebound\'s tables are at version %s; this extension ships version %s. Save the settings to upgrade them.';
$_['text_uninstall_keeps']      = 'Uninstalling Rebound (Extensions > Extensions > Modules) removes its event handlers and settings but keeps its tables (%s) and everything in them, and your return policy, email settings and sidecar URL, so a reinstall continues where it left off (with a new secret). To remove the data as well, delete it here first.';
$_['text_delete_confirm']       = 'Delete all of Rebound\'s tables and the data in them (the event outbox and everything the sidecar keeps there)? This cannot be undone. Rebound is disabled until the settings are saved again.';
$_['text_deleted']              = 'Success: dropped %s. Rebound is disabled; saving the settings with the status enabled creates empty tables.';
$_['text_deleted_none']         = 'There were no Rebound tables to delete. Rebound is disabled.';
$_['text_never']                = 'never';

// Problems reported by Test connection
$_['problem_timeout']           = 'No answer within %s s: the sidecar (or something in between) accepted the connection but did not answer in time.';
$_['problem_unreachable']       = 'The sidecar is unreachable at %s: %s. Is `rebound serve` running there?';
$_['problem_bad_signature']     = 'The sidecar refused the signature (bad_signature): its REBOUND_SECRET is not this store\'s current secret.';
$_['problem_previous_secret']   = 'The sidecar still has the previous secret: set REBOUND_SECRET to the current one before %s, when the store stops sending the old signature.';
$_['problem_clock_skew']        = 'The clocks differ by %d s (the sidecar\'s is %s), more than the 300 s a signature is valid. Synchronise both servers\' clocks (NTP).';
$_['problem_clock_ahead']       = 'ahead';
$_['problem_clock_behind']      = 'behind';
$_['problem_unauthorized']      = 'The sidecar refused the request: %s';
$_['problem_not_found']         = 'The server at this URL answered 404 for /v1/health: it is not a Rebound sidecar, or one too old for this extension.';
$_['problem_http_error']        = 'The sidecar answered HTTP %d: %s';
$_['problem_bad_answer']        = 'The answer was not a Rebound health report: is this URL the sidecar\'s?';
$_['problem_database_down']     = 'The sidecar cannot reach the store\'s database: %s';
$_['problem_schema_missing']    = 'Rebound\'s tables are missing: run `rebound migrate` (the sidecar expects version %d).';
$_['problem_schema_behind']     = 'The schema is behind: version %d, the sidecar expects %d. Run `rebound migrate`.';
$_['problem_schema_ahead']      = 'The tables are at version %d, newer than the sidecar expects (%d): upgrade the sidecar.';
$_['problem_sidecar_behind']    = 'The sidecar expects schema version %d but this extension ships version %d: upgrade the sidecar.';
$_['problem_worker_down']       = 'The worker is down: %s. Start `rebound worker`; until then events wait in the outbox.';
$_['problem_worker_age']        = 'last heartbeat %s s ago';
$_['problem_worker_never']      = 'no heartbeat ever';
$_['problem_dead_events']       = '%d event(s) could not be delivered and are marked dead in the outbox; the sidecar\'s log says why.';

// Entry
$_['entry_status']              = 'Status';
$_['entry_sidecar_url']         = 'Sidecar URL';
$_['entry_secret']              = 'Secret';
$_['entry_environment']         = 'Sidecar environment';

// Help
$_['help_sidecar_url']          = 'Where this store reaches the sidecar (`rebound serve --bind`), e.g. http://127.0.0.1:8765. Never expose the sidecar to the internet.';
$_['help_status']               = 'When disabled, Rebound records no events and shows nothing in the storefront.';

// Button
$_['button_rotate']             = 'Rotate secret';
$_['button_test']               = 'Test connection';
$_['button_delete_data']        = 'Delete all Rebound data';
$_['button_returns']            = 'Returns';
$_['button_policy']             = 'Return policy';

// Error
$_['error_permission']          = 'Warning: You do not have permission to modify Rebound!';
$_['error_sidecar_url']         = 'The sidecar URL must be http:// or https:// with a host and optional port, and no path (e.g. http://127.0.0.1:8765).';
$_['error_secret']              = 'There is no valid secret: rotate it to make one.';
$_['error_migrate']             = 'Rebound\'s tables could not be created or upgraded: %s';
$_['error_confirm']             = 'Confirm the deletion first.';

// Review photos
$_['button_reviews']            = 'Review photos';
$_['button_emails']             = 'Emails';
$_['button_analytics']          = 'Analytics';
$_['entry_review_photo_auto']   = 'Publish review photos at once';
$_['help_review_photo_auto']    = 'Off (recommended): new review photos wait in Catalog > Review photos (Rebound) until you approve them. On: they appear on the product page as soon as they are uploaded. Either way the review text follows OpenCart\'s own review setting. Photos on return requests are never published: only you see them.';
$_['entry_photo_max']           = 'Photos per review or returned item';
$_['help_photo_max']            = 'From 1 to 20; 5 by default. The same limit applies to a review and to each item on a return request.';
$_['entry_photo_max_mb']        = 'Largest photo (MB)';
$_['help_photo_max_mb']         = 'From 1 to 20 MB; 5 by default, for review and return photos alike. This server\'s PHP accepts uploads up to %s (upload_max_filesize): larger photos are refused before Rebound sees them.';
$_['error_photo_max']           = 'Enter a whole number of photos from 1 to %d.';
$_['error_photo_max_mb']        = 'Enter a whole number of megabytes from 1 to %d.';
