<?php
// Why the sidecar could not help, after a page's "the sidecar is not answering:" (AdminAnswer::problemText).
// Loaded by every Rebound admin page with the prefix `rebound_sidecar`; a page's own file may reword one.
$_['problem_not_configured'] = 'the sidecar URL or the secret is not set.';
$_['problem_unreachable']    = 'it cannot be reached (%s).';
$_['problem_timeout']        = 'it did not answer in time (%s).';
$_['problem_unauthorized']   = 'it refused the store\'s signature (%s).';
$_['problem_bad_answer']     = 'its answer was not understood (%s).';
$_['problem_unavailable']    = 'it failed (%s).';
