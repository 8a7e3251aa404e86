<?php
// Rebound's email link pages: unsubscribe (docs/email.md, "The extension's routes") and the CSAT / NPS survey
// Headings
$_['heading_unsubscribe']       = 'Unsubscribe';
$_['heading_survey']            = 'Your feedback';
$_['heading_bad_link']          = 'This link is not valid';

// Unsubscribe
$_['text_unsubscribe_confirm']  = 'Unsubscribe %s from review requests and surveys?';
$_['text_unsubscribe_keep']     = 'You will still receive messages about your orders and returns.';
$_['button_unsubscribe']        = 'Unsubscribe';
$_['text_unsubscribed']         = 'You are unsubscribed. %s will receive no more review requests or surveys from us.';
$_['text_already_unsubscribed'] = '%s is already unsubscribed: no more review requests or surveys from us.';

// Survey (the same words as the email's scale: sidecar/mail/templates/en_gb.py)
$_['text_csat_question']        = 'How happy are you with the way we handled your return?';
$_['text_csat_low']             = 'Very unhappy';
$_['text_csat_high']            = 'Very happy';
$_['text_nps_question']         = 'How likely are you to recommend us to a friend or colleague?';
$_['text_nps_low']              = 'Not at all likely';
$_['text_nps_high']             = 'Extremely likely';
$_['entry_comment']             = 'Anything you would like to tell us? (optional)';
$_['button_survey']             = 'Send';
$_['text_survey_thanks']        = 'Thank you for your feedback!';

// Errors
$_['text_bad_link']             = 'This link is not valid. Please use the link from the latest email we sent you, copied in full.';
$_['error_score']               = 'Please choose a score.';
$_['error_comment']             = 'Please keep your comment under 2000 characters.';
$_['error_failed']              = 'Sorry, we could not record this right now. Please try again in a moment.';
