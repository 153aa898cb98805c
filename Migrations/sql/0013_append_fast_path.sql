-- The fast path of a group commit. Usually every append of a batch moves its stream's head (the
-- writer's cached heads are right) and none is a duplicate. The writer then sends one plain
-- statement instead of calling `sb_append_batch`: it moves the stream heads, checks that all of
-- them moved and inserts the events, without that function's duplicate probes, its three
-- statements and its row-by-row outcome loop. Anything else fails that statement as a whole:
--   * a head that did not move: this guard raises SQLSTATE SBA01 before any event is inserted;
--   * an event id already stored: the unique index raises 23505.
-- The statement's transaction then rolls back (the head moves too) and the writer sends the same
-- batch to `sb_append_batch`, which gives every append its own outcome.
CREATE FUNCTION sb_require_moved(p_moved bigint, p_appends integer) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF p_moved IS DISTINCT FROM p_appends THEN
        RAISE EXCEPTION 'append batch: % of % stream heads moved', p_moved, p_appends USING ERRCODE = 'SBA01';
    END IF;
    RETURN true;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT EXECUTE ON FUNCTION sb_require_moved(bigint, integer) TO switchboard_app;
    END IF;
END
$$;
