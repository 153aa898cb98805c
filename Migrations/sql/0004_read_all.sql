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

-- How far a filtered reader may move its cursor: the last of the next p_limit events in
-- subscription order, below the barrier. A reader filtering for rare event types reads the
-- matching rows up to here and resumes after it, instead of rescanning what did not match.
CREATE FUNCTION sb_scan_boundary(p_tx xid8, p_position bigint, p_limit integer)
RETURNS TABLE (tx xid8, global_position bigint)
LANGUAGE plpgsql STABLE
SET enable_sort = off SET enable_bitmapscan = off SET enable_seqscan = off
AS $$
BEGIN
    RETURN QUERY
    SELECT s.tx, s.global_position FROM (
        SELECT e.tx, e.global_position FROM events e
        WHERE (e.tx, e.global_position) > (p_tx, p_position)
          AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.tx, e.global_position
        LIMIT p_limit
    ) s
    ORDER BY s.tx DESC, s.global_position DESC
    LIMIT 1;
END
$$;

-- The matching events in (after, through], in subscription order.
CREATE FUNCTION sb_read_range(p_tx xid8, p_position bigint, p_through_tx xid8, p_through_position bigint,
                              p_types text[], p_categories text[])
RETURNS SETOF events
LANGUAGE plpgsql STABLE
SET enable_sort = off SET enable_bitmapscan = off SET enable_seqscan = off
AS $$
BEGIN
    RETURN QUERY
    SELECT * FROM events e
    WHERE (e.tx, e.global_position) > (p_tx, p_position)
      AND (e.tx, e.global_position) <= (p_through_tx, p_through_position)
      AND (p_types IS NULL OR e.event_type = ANY (p_types))
      AND (p_categories IS NULL OR e.category = ANY (p_categories))
    ORDER BY e.tx, e.global_position;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT EXECUTE ON FUNCTION sb_scan_boundary(xid8, bigint, integer) TO switchboard_app;
        GRANT EXECUTE ON FUNCTION sb_read_range(xid8, bigint, xid8, bigint, text[], text[]) TO switchboard_app;
    END IF;
END
$$;
