-- Seals over the subscription order. Each stream's hash chain catches a changed, removed or
-- reordered event inside that stream; a seal also catches a stream removed whole (its events and
-- its streams row). A seal covers every event in (previous seal, through] in (tx, global_position)
-- order — a set that is final once it lies below the transaction-id barrier — and chains to the
-- previous seal: chain = sha256(previous chain || event count || sha256 of the events' hashes).

CREATE TABLE log_seals (
    seal_number       bigint PRIMARY KEY,
    through_tx        xid8 NOT NULL,
    through_position  bigint NOT NULL,
    event_count       bigint NOT NULL,
    chain             bytea NOT NULL,
    sealed_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER log_seals_immutable_rows BEFORE UPDATE OR DELETE ON log_seals
    FOR EACH ROW EXECUTE FUNCTION sb_forbid_event_change();
CREATE TRIGGER log_seals_immutable_truncate BEFORE TRUNCATE ON log_seals
    FOR EACH STATEMENT EXECUTE FUNCTION sb_forbid_event_change();

REVOKE ALL ON log_seals FROM PUBLIC;

-- The hashes of the events in (after, through] in subscription order, for sealing and verifying.
CREATE FUNCTION sb_hashes_in_range(p_tx xid8, p_position bigint, p_through_tx xid8, p_through_position bigint)
RETURNS TABLE (global_position bigint, hash bytea)
LANGUAGE plpgsql STABLE
SET enable_sort = off SET enable_bitmapscan = off SET enable_seqscan = off
AS $$
BEGIN
    RETURN QUERY
    SELECT e.global_position, e.hash FROM events e
    WHERE (e.tx, e.global_position) > (p_tx, p_position)
      AND (e.tx, e.global_position) <= (p_through_tx, p_through_position)
    ORDER BY e.tx, e.global_position;
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT SELECT, INSERT ON log_seals TO switchboard_app;
        GRANT EXECUTE ON FUNCTION sb_hashes_in_range(xid8, bigint, xid8, bigint) TO switchboard_app;
    END IF;
END
$$;
