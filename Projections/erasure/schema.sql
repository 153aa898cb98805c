-- schema version 1
-- erasure: one row per GDPR erasure request (the tombstone): the pseudonymous subject, who asked,
-- why, when. Which read models have purged the subject is in projection_shared.erasure_completions
-- (written by each projector in its purge transaction); a request is complete when every purging
-- read model has recorded it.

CREATE TABLE IF NOT EXISTS rm_checkpoints (
    projector text PRIMARY KEY,
    tx xid8 NOT NULL,
    global_position bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS rm_erasure_requests (
    subject_id text PRIMARY KEY,
    requested_by text NOT NULL,
    reason text NOT NULL,
    requested_at timestamptz NOT NULL,
    event_id uuid NOT NULL,
    global_position bigint NOT NULL
);

CREATE INDEX IF NOT EXISTS rm_erasure_requests_order ON rm_erasure_requests (global_position);
