-- A subject's data key on first use, and its erasure, each in one round trip. Both serialise on the
-- subject's transaction-scoped advisory lock (class 'SBKY', then hashtext of the subject id), as
-- the statements they replace did.
--
-- First use: take the lock, store the proposed wrapped key unless the subject has a key or a
-- tombstone, and return what is stored. In READ COMMITTED each statement of a volatile
-- function sees what committed before it began, so the insert, which runs after the lock is held,
-- sees a tombstone committed by an erasure that held the lock first: no key is ever left behind a
-- tombstone. When the subject already has a key nothing is written and the commit has nothing to flush.
CREATE FUNCTION sb_ensure_subject_key(p_subject text, p_wrapped bytea)
RETURNS TABLE (wrapped_key bytea, erased boolean)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1396853593, hashtext(p_subject));
    INSERT INTO subject_keys (subject_id, wrapped_key)
    SELECT p_subject, p_wrapped
    WHERE NOT EXISTS (SELECT 1 FROM erased_subjects e WHERE e.subject_id = p_subject)
    ON CONFLICT (subject_id) DO NOTHING;
    RETURN QUERY
    SELECT (SELECT k.wrapped_key FROM subject_keys k WHERE k.subject_id = p_subject),
           EXISTS (SELECT 1 FROM erased_subjects e WHERE e.subject_id = p_subject);
END
$$;

-- Erasure: take the lock, delete the key and add the tombstone. True when this call added it.
CREATE FUNCTION sb_erase_subject_key(p_subject text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    added integer;
BEGIN
    PERFORM pg_advisory_xact_lock(1396853593, hashtext(p_subject));
    DELETE FROM subject_keys k WHERE k.subject_id = p_subject;
    INSERT INTO erased_subjects (subject_id) VALUES (p_subject) ON CONFLICT (subject_id) DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added = 1;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT EXECUTE ON FUNCTION sb_ensure_subject_key(text, bytea) TO switchboard_app;
        GRANT EXECUTE ON FUNCTION sb_erase_subject_key(text) TO switchboard_app;
    END IF;
END
$$;
