-- Reading the whole log in subscription order, below the transaction-id barrier: rows committed
-- later always sort after everything already returned, so a reader that resumes after the last
-- (tx, global_position) it saw never skips an event. Only the ordered index walk with its LIMIT
-- is acceptable here; on a fresh, large log the planner may otherwise pick a bitmap scan and
-- sort every remaining row for one page.

CREATE FUNCTION sb_read_all(p_tx xid8, p_position bigint, p_types text[], p_categories text[], p_limit integer)
RETURNS SETOF events
LANGUAGE plpgsql STABLE
SET enable_sort = off SET enable_bitmapscan = off SET enable_seqscan = off
AS $$
BEGIN
    RETURN QUERY
    SELECT * FROM events e
    WHERE (e.tx, e.global_position) > (p_tx, p_position)
      AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
      AND (p_types IS NULL OR e.event_type = ANY (p_types))
      AND (p_categories IS NULL OR e.category = ANY (p_categories))
    ORDER BY e.tx, e.global_position
    LIMIT p_limit;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT EXECUTE ON FUNCTION sb_read_all(xid8, bigint, text[], text[], integer) TO switchboard_app;
    END IF;
END
$$;
