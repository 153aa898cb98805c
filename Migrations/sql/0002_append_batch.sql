-- Group commit: one statement appends a whole batch (at most one append per stream) in one
-- transaction, with no global lock. The writer proposes each stream's head (version and last
-- hash) from what it last saw and sends the events already chained:
--     hash = sha256(prev_hash || big-endian version || digest)
-- where digest is SHA-256 over the event's stored columns (see EventDigest.swift). A stream moves
-- only if its head is still the proposed one (a new stream: inserted at version 0 → n), checked
-- atomically by the UPDATE/INSERT itself; otherwise the append is reported with the real head and
-- the writer decides: wrong expected version, or propose again.
--
-- Outcome per append: 0 written, 1 duplicate (its first event id is already stored: nothing
-- written), 2 head mismatch (current version and hash returned).

CREATE FUNCTION sb_append_batch(
    a_stream text[], a_base bigint[], a_prev bytea[], a_count integer[], a_head bytea[], a_first_id uuid[],
    e_stream text[], e_version bigint[], e_id uuid[], e_type text[], e_schema integer[], e_occurred timestamptz[],
    e_correlation uuid[], e_causation uuid[], e_subject text[], e_codec smallint[], e_payload bytea[],
    e_metadata json[], e_prev bytea[], e_hash bytea[]
) RETURNS TABLE (append_index integer, outcome smallint, first_position bigint, last_position bigint,
                 head_version bigint, head_hash bytea)
LANGUAGE plpgsql
-- A batch touches a few dozen rows: every lookup into events or streams must be an index probe.
-- Without this the planner may hash-join against a full scan of a table that grows with the log.
SET enable_seqscan = off
AS $$
BEGIN
    RETURN QUERY
    WITH req AS (
        SELECT r.sid, r.base, r.prev, r.n, r.head, r.first_id, r.idx::integer AS idx
        FROM unnest(a_stream, a_base, a_prev, a_count, a_head, a_first_id) WITH ORDINALITY AS r (sid, base, prev, n, head, first_id, idx)
    ),
    dup AS (
        SELECT r.idx FROM req r WHERE EXISTS (SELECT 1 FROM events e WHERE e.event_id = r.first_id)
    ),
    created AS (
        INSERT INTO streams (stream_id, version, last_hash)
        SELECT r.sid, r.n, r.head FROM req r
        WHERE r.base = 0 AND r.idx NOT IN (SELECT d.idx FROM dup d)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING streams.stream_id
    ),
    advanced AS (
        UPDATE streams s SET version = r.base + r.n, last_hash = r.head
        FROM req r
        WHERE r.base > 0 AND s.stream_id = r.sid AND s.version = r.base AND s.last_hash = r.prev
          AND r.idx NOT IN (SELECT d.idx FROM dup d)
        RETURNING s.stream_id
    ),
    written AS (
        SELECT c.stream_id FROM created c UNION ALL SELECT a.stream_id FROM advanced a
    ),
    inserted AS (
        INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, occurred_at,
                            correlation_id, causation_id, subject_id, codec, payload, metadata, prev_hash, hash)
        SELECT e.sid, e.ver, e.id, e.typ, e.sch, e.occ, e.cor, e.cau, e.sub, e.cod, e.pay, e.met, e.prv, e.hsh
        FROM unnest(e_stream, e_version, e_id, e_type, e_schema, e_occurred, e_correlation, e_causation, e_subject,
                    e_codec, e_payload, e_metadata, e_prev, e_hash)
             WITH ORDINALITY AS e (sid, ver, id, typ, sch, occ, cor, cau, sub, cod, pay, met, prv, hsh, ord)
        WHERE e.sid IN (SELECT w.stream_id FROM written w)
        ORDER BY e.ord
        RETURNING events.stream_id, events.global_position
    ),
    positions AS (
        SELECT i.stream_id, min(i.global_position) AS first, max(i.global_position) AS last
        FROM inserted i GROUP BY i.stream_id
    )
    SELECT r.idx,
           (CASE WHEN r.idx IN (SELECT d.idx FROM dup d) THEN 1
                 WHEN p.stream_id IS NOT NULL THEN 0
                 ELSE 2 END)::smallint,
           p.first, p.last,
           (CASE WHEN p.stream_id IS NULL THEN coalesce(s.version, 0) END),
           (CASE WHEN p.stream_id IS NULL THEN s.last_hash END)
    FROM req r
    LEFT JOIN positions p ON p.stream_id = r.sid
    LEFT JOIN streams s ON s.stream_id = r.sid;
END
$$;

-- The original positions and version of appends found to be duplicates.
CREATE FUNCTION sb_existing_positions(p_ids uuid[])
RETURNS TABLE (first_position bigint, last_position bigint, stream_version bigint)
LANGUAGE sql STABLE AS $$
    SELECT min(e.global_position), max(e.global_position), max(e.stream_version)
    FROM events e WHERE e.event_id = ANY (p_ids)
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT EXECUTE ON FUNCTION sb_append_batch(text[], bigint[], bytea[], integer[], bytea[], uuid[], text[], bigint[],
            uuid[], text[], integer[], timestamptz[], uuid[], uuid[], text[], smallint[], bytea[], json[], bytea[], bytea[])
            TO switchboard_app;
        GRANT EXECUTE ON FUNCTION sb_existing_positions(uuid[]) TO switchboard_app;
    END IF;
END
$$;
