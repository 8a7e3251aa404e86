"""Follow-up email: an outbox of messages, sent by the worker through one SMTP adapter (docs/email.md).

Where each concern lives:
  kinds.py      the kinds of email, transactional or not      settings.py  module_rebound_email, SMTP settings
  notify.py     case status changes → transactional email     plan.py      scheduled planners and owner alerts
  outbox.py     the outbox's SQL (claims, gate, outcomes)      deliver.py   the delivery loop
  prepare.py    send-time checks per kind                      contact.py   contact budget and quiet hours
  render.py     MIME messages; templates/ their texts          smtp.py      the one SMTP adapter
  tokens.py     unsubscribe and survey link tokens             address.py   addresses and header-safe text
  context.py    brand, languages, links, mailers               jobs.py      the worker's email jobs
  health.py     job and email health                           api.py       admin routes
"""
