-- schema version 1
-- What the projector engine shares across read models. Each read model lives in a Postgres schema of
-- its own (projection_<name>, with its rm_checkpoints), so a rebuild can fill projection_<name>_build
-- and swap the two by renaming. What must survive a swap lives here instead.

CREATE SCHEMA IF NOT EXISTS projection_shared;

-- Which schema version of each read model is installed in its live schema.
CREATE TABLE IF NOT EXISTS projection_shared.installed_projectors (
    projector text PRIMARY KEY,
    schema_version integer NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT now()
);

-- A read model that purged an erased subject's rows records it here, in the same transaction as the
-- purge; the erasure read model reads these rows to tell pending from complete. Pseudonymous ids only.
CREATE TABLE IF NOT EXISTS projection_shared.erasure_completions (
    subject_id text NOT NULL,
    read_model text NOT NULL,
    erasure_position bigint NOT NULL,
    completed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject_id, read_model)
);
