-- Up Migration

-- Operators sign in to the dashboard (issue 9). Only new tables: safe on a populated database.
-- Usernames are stored lower-cased (the check makes sure no writer forgets), so lookups are plain equality.
-- password_hash is self-describing ($scrypt$ln=..,r=..,p=..$salt$hash, see packages/operator-auth), so the cost
-- can be raised later without a migration. A disabled account cannot sign in and its sessions stop working.
CREATE TABLE operator_accounts (
  username text PRIMARY KEY CHECK (username = lower(username) AND length(username) BETWEEN 1 AND 64),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled boolean NOT NULL DEFAULT false
);

-- Only the sha-256 of a session token is kept: a copy of this table does not let anyone sign in.
-- Deleting an account ends its sessions (cascade).
CREATE TABLE operator_sessions (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  username text NOT NULL REFERENCES operator_accounts (username) ON DELETE CASCADE ON UPDATE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
-- Ending one operator's sessions (password change), and pruning expired ones.
CREATE INDEX operator_sessions_username ON operator_sessions (username);
CREATE INDEX operator_sessions_expires_at ON operator_sessions (expires_at);

-- Down Migration
DROP TABLE operator_sessions;
DROP TABLE operator_accounts;
