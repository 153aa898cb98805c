-- Bearer tokens for the control and read APIs. Only a SHA-256 hash of each token is stored (the
-- token itself is shown once, when created); a token carries scopes (`admin`, `audit:read`,
-- `analytics:read`, `conversations:read`) and is revoked, never deleted, so the audit trail of
-- what it did keeps its name.

CREATE TABLE IF NOT EXISTS api_tokens (
    token_hash bytea PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    scopes     text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

REVOKE ALL ON api_tokens FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT SELECT, INSERT, UPDATE ON api_tokens TO switchboard_app;
    END IF;
END
$$;
