-- `sb_append_batch` as a few statements, each with a plan whose cost grows with the batch and not
-- with its square. The single statement of 0002 ended by joining every append to the positions
-- its events were given. Planned for arrays of unknown length, that join was a nested loop over a
-- materialised list: a 1,000-event batch compared half a million pairs, half of its time. Its
-- duplicate check, stream moves and event insert were also chained through CTEs whose rows were
-- hashed and sorted only to be filtered by the outcome of the step before.
--
-- Now, in order:
--   1. in one statement, which appends are duplicates (an index probe per append on its first event
--      id) and, for the others, the stream heads move (insert a new stream, or advance one still
--      at the proposed head);
--   2. when every append moved its head (the usual case) all events are inserted as sent;
--      otherwise a lookup of the stream heads tells which appends moved (a stream's head is now
--      exactly the head the append proposed; the row lock taken by the move keeps it so), and
--      only their events are inserted;
--   3. the positions come back in insertion order, so each written append's first and last
--      positions are read off by counting its events.
-- Outcomes are as in 0002: 0 written, 1 duplicate, 2 head mismatch (current version and hash returned).
CREATE OR REPLACE FUNCTION sb_append_batch(
    a_stream text[], a_base bigint[], a_prev bytea[], a_count integer[], a_head bytea[], a_first_id uuid[],
    e_stream text[], e_version bigint[], e_id uuid[], e_type text[], e_schema integer[], e_occurred timestamptz[],
    e_correlation uuid[], e_causation uuid[], e_subject text[], e_codec smallint[], e_payload bytea[],
    e_metadata json[], e_prev bytea[], e_hash bytea[]
) RETURNS TABLE (append_index integer, outcome smallint, first_position bigint, last_position bigint,
                 head_version bigint, head_hash bytea)
LANGUAGE plpgsql
-- Every lookup into events or streams must be an index probe, and one generic plan serves every
-- batch size (see 0002 and 0010).
SET enable_seqscan = off
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_appends integer := cardinality(a_stream);
    v_duplicate boolean[];
    v_moved bigint;
    v_written boolean[];
    v_version bigint[];
    v_hash bytea[];
    v_keep boolean[];
    v_positions bigint[];
    v_next integer := 1;
BEGIN
    -- The duplicate check is a join, not EXISTS in the select list: that one may be planned as a
    -- hash of every event id.
    WITH req AS (
        SELECT r.sid, r.base, r.prev, r.cnt, r.head, r.idx, e.event_id IS NOT NULL AS dup
        FROM unnest(a_stream, a_base, a_prev, a_count, a_head, a_first_id) WITH ORDINALITY AS r (sid, base, prev, cnt, head, first_id, idx)
        LEFT JOIN events e ON e.event_id = r.first_id
    ),
    created AS (
        INSERT INTO streams (stream_id, version, last_hash)
        SELECT r.sid, r.cnt, r.head FROM req r WHERE r.base = 0 AND NOT r.dup
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING 1
    ),
    advanced AS (
        UPDATE streams s SET version = r.base + r.cnt, last_hash = r.head
        FROM req r
        WHERE r.base > 0 AND NOT r.dup AND s.stream_id = r.sid AND s.version = r.base AND s.last_hash = r.prev
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM created) + (SELECT count(*) FROM advanced), ARRAY(SELECT r.dup FROM req r ORDER BY r.idx)
    INTO v_moved, v_duplicate;

    -- Unless every append moved its head, find which did and keep only their events.
    IF v_moved <> v_appends THEN
        SELECT array_agg(NOT v_duplicate[r.idx] AND coalesce(s.version = r.base + r.cnt AND s.last_hash = r.head, false) ORDER BY r.idx),
               array_agg(s.version ORDER BY r.idx), array_agg(s.last_hash ORDER BY r.idx)
        INTO v_written, v_version, v_hash
        FROM unnest(a_stream, a_base, a_count, a_head) WITH ORDINALITY AS r (sid, base, cnt, head, idx)
        LEFT JOIN streams s ON s.stream_id = r.sid;
        v_keep := ARRAY(
            SELECT w.ok FROM unnest(v_written, a_count) WITH ORDINALITY AS w (ok, cnt, idx), generate_series(1, w.cnt)
            ORDER BY w.idx);
    END IF;
    WITH inserted AS (
        INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, occurred_at,
                            correlation_id, causation_id, subject_id, codec, payload, metadata, prev_hash, hash)
        SELECT e.sid, e.ver, e.id, e.typ, e.sch, e.occ, e.cor, e.cau, e.sub, e.cod, e.pay, e.met, e.prv, e.hsh
        FROM unnest(e_stream, e_version, e_id, e_type, e_schema, e_occurred, e_correlation, e_causation, e_subject,
                    e_codec, e_payload, e_metadata, e_prev, e_hash)
             WITH ORDINALITY AS e (sid, ver, id, typ, sch, occ, cor, cau, sub, cod, pay, met, prv, hsh, ord)
        WHERE v_keep IS NULL OR v_keep[e.ord]
        RETURNING global_position
    )
    SELECT array_agg(i.global_position ORDER BY i.global_position) INTO v_positions FROM inserted i;

    FOR i IN 1..v_appends LOOP
        append_index := i;
        first_position := NULL;
        last_position := NULL;
        head_version := NULL;
        head_hash := NULL;
        IF v_duplicate[i] THEN
            outcome := 1;
        ELSIF v_written IS NULL OR v_written[i] THEN
            outcome := 0;
            first_position := v_positions[v_next];
            last_position := v_positions[v_next + a_count[i] - 1];
            v_next := v_next + a_count[i];
        ELSE
            outcome := 2;
            head_version := coalesce(v_version[i], 0);
            head_hash := v_hash[i];
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
