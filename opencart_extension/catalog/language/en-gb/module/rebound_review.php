<?php
// Rebound's photo reviews on the product page. Values are plain text; the templates escape what they print.

// Review form
$_['entry_photos']          = 'Add photos (optional)';
$_['text_photo_limits']     = 'Up to %d photos, JPEG, PNG, GIF or WebP, at most %s each. Photos show once the store has checked them.';
$_['text_photo_limits_auto'] = 'Up to %d photos, JPEG, PNG, GIF or WebP, at most %s each.';
$_['text_no_js_limit']      = 'Without JavaScript, the review and its photos are sent together: keep them under %s in all.';
$_['text_uploading']        = 'Uploading…';
$_['text_uploaded']         = 'Added';
$_['text_wait']             = 'Please wait until your photos have uploaded.';
$_['button_remove']         = 'Remove';
$_['error_client_count']    = 'You can add up to %d photos to a review.';
$_['error_client_size']     = 'This photo is too large (%s); the most accepted is %s.';
$_['error_server_size']     = 'This photo (%s) is too large for the web server, although the form allows up to %s. Please choose a smaller photo.';
$_['error_upload_too_large'] = 'This photo is larger than the server accepts (%s).';
$_['error_network']         = 'The photo did not arrive. Please check your connection and try again.';
$_['text_photos_pending']   = 'Your photos will show once the store has checked them.';

// Review list and gallery
$_['text_verified']         = 'Verified buyer';
$_['text_verified_title']   = 'This reviewer bought the product from this store.';
$_['text_reply']            = 'Reply from %s';
$_['text_reply_store']      = 'the store';
$_['text_gallery']          = 'Customer photos (%d)';
$_['text_photo_by']         = 'Photo by %s';
$_['text_photo_of']         = 'Photo %d of %d';
$_['button_previous']       = 'Previous photo';
$_['button_next']           = 'Next photo';
$_['button_close']          = 'Close';

// The review page without JavaScript
$_['heading_review']        = 'Your review of %s';
$_['text_review_saved']     = 'Thank you for your review. It will show on the product page once it has been checked.';
$_['text_review_saved_photo'] = 'Thank you for your review and its photo. They will show on the product page once they have been checked.';
$_['text_review_saved_photos'] = 'Thank you for your review and its %d photos. They will show on the product page once they have been checked.';
$_['text_photo_refused']    = 'This photo was not added: %s — %s';
$_['text_review_not_saved'] = 'Your review has not been sent yet: please check the fields marked below.';
$_['text_photos_kept']      = 'Photos already added (kept):';
$_['text_back']             = 'Back to the product';
$_['text_too_large']        = 'Your review and its photos came to more than the server accepts in one go (%s in all), so none of it arrived, not even the review\'s text. Please write it again below and add fewer or smaller photos.';
$_['error_token']           = 'This review form has expired. Please open the product page again.';
$_['error_disabled']        = 'Reviews with photos are not available just now.';
$_['error_unavailable']     = 'Photos cannot be added just now. Your review can still be sent without them.';
$_['entry_author']          = 'Your name';
$_['entry_review']          = 'Your review';
$_['entry_rating']          = 'Rating';
$_['entry_bad']             = 'Bad';
$_['entry_good']            = 'Good';
$_['button_send']           = 'Send review';
