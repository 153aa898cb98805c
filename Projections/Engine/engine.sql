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

-- Moves a projector's checkpoint (rm_checkpoints on the search_path: the live or the build copy's)
-- from the expected position to the new one, or fails with SQLSTATE SBCKM naming the stored one. A
-- batch sends it before its writes, in the same transaction: it takes the checkpoint row's lock
-- before any read-model row, and a batch whose checkpoint moved (another instance's batch, a
-- rebuild's swap) writes nothing.
CREATE OR REPLACE FUNCTION projection_shared.sb_advance_checkpoint(
    p_projector text, p_expected_tx xid8, p_expected_position bigint, p_tx xid8, p_position bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    stored_tx xid8;
    stored_position bigint;
BEGIN
    -- The usual case is one statement: the row is still where the batch began. A concurrent move
    -- of the row makes the update re-check it, find it moved and update nothing.
    UPDATE rm_checkpoints SET tx = p_tx, global_position = p_position, updated_at = now()
    WHERE projector = p_projector AND tx = p_expected_tx AND global_position = p_expected_position;
    IF FOUND THEN
        RETURN;
    END IF;
    -- A projector's first batch creates its row.
    IF p_expected_tx = '0' AND p_expected_position = 0 THEN
        INSERT INTO rm_checkpoints (projector, tx, global_position, updated_at) VALUES (p_projector, p_tx, p_position, now())
        ON CONFLICT (projector) DO NOTHING;
        IF FOUND THEN
            RETURN;
        END IF;
    END IF;
    SELECT tx, global_position INTO stored_tx, stored_position FROM rm_checkpoints WHERE projector = p_projector;
    RAISE EXCEPTION 'the stored checkpoint of % is (%, %), this batch expected (%, %)',
        p_projector, coalesce(stored_tx, '0'), coalesce(stored_position, 0), p_expected_tx, p_expected_position
        USING ERRCODE = 'SBCKM';
END
$$;
