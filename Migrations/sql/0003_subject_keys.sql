-- Crypto-shredding: each data subject's AES-256 data key, wrapped (AES-GCM) by the master key's
-- wrapping sub-key with the subject id as authenticated data, and a tombstone per erased subject.
-- Erasure deletes the key row and inserts the tombstone in one transaction; a subject with a
-- tombstone never gets a key again. Neither table holds personal data: subject ids are keyed hashes.

CREATE TABLE IF NOT EXISTS subject_keys (
    subject_id  text PRIMARY KEY,
    wrapped_key bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS erased_subjects (
    subject_id text PRIMARY KEY,
    erased_at  timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON subject_keys, erased_subjects FROM PUBLIC;

-- The application may create, read and delete keys, and add tombstones, but never remove one.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT SELECT, INSERT, DELETE ON subject_keys TO switchboard_app;
        GRANT SELECT, INSERT ON erased_subjects TO switchboard_app;
    END IF;
END
$$;
