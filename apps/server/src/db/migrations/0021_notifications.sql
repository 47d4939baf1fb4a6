-- The notification outbox (issue 19): every message a resident or partner should receive (a
-- phone's verification code, "your report was accepted / closed / reopened") is a row written in
-- the same transaction as what caused it, and a sender job hands it to an adapter (a file sink by
-- default, SMTP e-mail, an SMS gateway over HTTP). A row is marked sent only when the adapter has
-- confirmed it; failures are retried with a growing delay and stay visible to an administrator.
create table notification_outbox (
  id bigint generated always as identity primary key,
  channel text not null check (channel in ('sms', 'email')),
  recipient text not null,
  -- What the message is (verification_code, case_accepted, case_closed, case_reopened): for the
  -- admin list; the text itself is rendered when the row is written, in the recipient's language.
  topic text not null,
  subject text not null,
  body text not null,
  case_id bigint references cases(id),
  state text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  -- A sender working on the row holds it until then (another node skips it meanwhile).
  locked_until timestamptz,
  last_error text,
  -- The adapter that confirmed the message and what it answered (a message id).
  adapter text,
  receipt text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index notification_outbox_due on notification_outbox(next_attempt_at, id) where state = 'pending';
create index notification_outbox_state on notification_outbox(state, id desc);
