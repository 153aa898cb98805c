-- Group commit: one call appends a whole batch of appends (at most one per stream) in one
-- transaction. Each append gets its own outcome: 0 written, 1 duplicate (its first event id was
-- already in the log: original positions returned, nothing written), 2 wrong expected version.
-- Expected version: -2 any, -1 no stream (version 0), n >= 0 exactly n.
--
-- Hash chain: each event's digest (SHA-256 over its stored columns, computed by the writer and
-- recomputed by `switchboard verify`) is linked per stream: hash = sha256(prev_hash || version || digest).
-- Streams are serialised by their row lock, so the chain needs no global lock.

CREATE FUNCTION sb_append_batch(
    a_stream text[], a_expected bigint[], a_count integer[],
    e_id uuid[], e_type text[], e_schema integer[], e_occurred timestamptz[],
    e_correlation uuid[], e_causation uuid[], e_subject text[], e_codec smallint[],
    e_payload bytea[], e_metadata json[], e_digest bytea[]
) RETURNS TABLE (append_index integer, outcome smallint, first_position bigint, last_position bigint, stream_version bigint)
LANGUAGE plpgsql AS $$
DECLARE
    n integer := coalesce(array_length(a_stream, 1), 0);
    total integer := coalesce(array_length(e_id, 1), 0);
    starts integer[] := '{}';
    existing uuid[];
    cur_version bigint[] := array_fill(0::bigint, ARRAY[n]);
    cur_hash bytea[] := array_fill(NULL::bytea, ARRAY[n]);
    positions bigint[];
    r_status smallint[] := '{}';
    r_first bigint[] := '{}';
    r_last bigint[] := '{}';
    r_version bigint[] := '{}';
    o_event integer[] := '{}';
    o_stream text[] := '{}';
    o_version bigint[] := '{}';
    o_position bigint[] := '{}';
    o_prev bytea[] := '{}';
    o_hash bytea[] := '{}';
    u_stream text[] := '{}';
    u_version bigint[] := '{}';
    u_hash bytea[] := '{}';
    k integer := 1;
    used integer := 0;
    base bigint;
    prev bytea;
    link bytea;
    row record;
    d_first bigint;
    d_last bigint;
    d_version bigint;
    zero_hash constant bytea := decode(repeat('00', 32), 'hex');
BEGIN
    FOR i IN 1..n LOOP
        starts := array_append(starts, k);
        k := k + a_count[i];
    END LOOP;

    SELECT coalesce(array_agg(e.event_id), '{}') INTO existing FROM events e WHERE e.event_id = ANY (e_id);

    INSERT INTO streams (stream_id) SELECT s FROM unnest(a_stream) s ON CONFLICT DO NOTHING;
    FOR row IN
        SELECT a.ord, s.version, s.last_hash
        FROM streams s JOIN unnest(a_stream) WITH ORDINALITY a (sid, ord) ON s.stream_id = a.sid
        ORDER BY s.stream_id FOR UPDATE OF s
    LOOP
        cur_version[row.ord] := row.version;
        cur_hash[row.ord] := row.last_hash;
    END LOOP;

    SELECT array_agg(nextval('events_global_position_seq')) INTO positions FROM generate_series(1, total);

    FOR i IN 1..n LOOP
        IF e_id[starts[i]] = ANY (existing) THEN
            r_status := array_append(r_status, 1::smallint);
            r_first := array_append(r_first, NULL::bigint);
            r_last := array_append(r_last, NULL::bigint);
            r_version := array_append(r_version, NULL::bigint);
            CONTINUE;
        END IF;
        base := cur_version[i];
        IF (a_expected[i] = -1 AND base <> 0) OR (a_expected[i] >= 0 AND base <> a_expected[i]) THEN
            r_status := array_append(r_status, 2::smallint);
            r_first := array_append(r_first, NULL::bigint);
            r_last := array_append(r_last, NULL::bigint);
            r_version := array_append(r_version, base);
            CONTINUE;
        END IF;
        prev := coalesce(cur_hash[i], zero_hash);
        FOR j IN 0..(a_count[i] - 1) LOOP
            link := sha256(prev || int8send(base + j + 1) || e_digest[starts[i] + j]);
            used := used + 1;
            o_event := array_append(o_event, starts[i] + j);
            o_stream := array_append(o_stream, a_stream[i]);
            o_version := array_append(o_version, base + j + 1);
            o_position := array_append(o_position, positions[used]);
            o_prev := array_append(o_prev, prev);
            o_hash := array_append(o_hash, link);
            prev := link;
        END LOOP;
        r_status := array_append(r_status, 0::smallint);
        r_first := array_append(r_first, positions[used - a_count[i] + 1]);
        r_last := array_append(r_last, positions[used]);
        r_version := array_append(r_version, base + a_count[i]);
        u_stream := array_append(u_stream, a_stream[i]);
        u_version := array_append(u_version, base + a_count[i]);
        u_hash := array_append(u_hash, prev);
    END LOOP;

    IF used > 0 THEN
        UPDATE streams s SET version = u.v, last_hash = u.h
            FROM unnest(u_stream, u_version, u_hash) u (sid, v, h) WHERE s.stream_id = u.sid;
        INSERT INTO events (global_position, stream_id, stream_version, event_id, event_type, schema_version, occurred_at,
                            correlation_id, causation_id, subject_id, codec, payload, metadata, prev_hash, hash)
        SELECT o.pos, o.sid, o.ver, e_id[o.ev], e_type[o.ev], e_schema[o.ev], e_occurred[o.ev], e_correlation[o.ev],
               e_causation[o.ev], e_subject[o.ev], e_codec[o.ev], e_payload[o.ev], e_metadata[o.ev], o.prev, o.h
        FROM unnest(o_event, o_stream, o_version, o_position, o_prev, o_hash) AS o (ev, sid, ver, pos, prev, h);
    END IF;

    -- Duplicates (rare: retries) report the positions the events were first written at.
    IF 1 = ANY (r_status) THEN
        FOR i IN 1..n LOOP
            CONTINUE WHEN r_status[i] <> 1;
            SELECT min(e.global_position), max(e.global_position), max(e.stream_version)
                INTO d_first, d_last, d_version
                FROM events e WHERE e.event_id = ANY (e_id[starts[i]:starts[i] + a_count[i] - 1]);
            r_first[i] := d_first;
            r_last[i] := d_last;
            r_version[i] := d_version;
        END LOOP;
    END IF;

    RETURN QUERY SELECT * FROM unnest(array(SELECT generate_series(1, n)), r_status, r_first, r_last, r_version);
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT EXECUTE ON FUNCTION sb_append_batch(text[], bigint[], integer[], uuid[], text[], integer[],
            timestamptz[], uuid[], uuid[], text[], smallint[], bytea[], json[], bytea[]) TO switchboard_app;
    END IF;
END
$$;
