-- Login throttling by (account, client address) and by client address, instead of one failure
-- counter per account. A counter per account let anyone lock a real user out (five wrong passwords
-- for "admin" from anywhere), and reading it before the password check let parallel attempts all
-- pass the check (20 at once got 9 verifications against a limit of 5). Each attempt now takes a
-- slot in the same statement that counts it (insert … on conflict … returning), so at most the
-- limit of verifications run per window, however many arrive together; a success frees its
-- (account, address) slot. The key of an unknown username is throttled the same way, so answers
-- do not tell which accounts exist.
create table login_throttle (
  key text primary key,            -- 'acct:<username>|<address>' or 'addr:<address>'
  username text,                    -- for the account's keys: an administrator's unlock clears them
  attempts int not null,
  window_start timestamptz not null
);
create index login_throttle_username on login_throttle(username) where username is not null;

-- users.failed_logins and users.locked_until are no longer written (kept for older nodes).
