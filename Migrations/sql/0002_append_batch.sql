-- Group commit: one call appends a whole batch of appends (at most one per stream) in one
-- transaction. Each append gets its own outcome: 0 written, 1 duplicate (its first event id was
-- already in the log: original positions returned, nothing written), 2 wrong expected version.
-- Expected version: -2 any, -1 no stream (version 0), n >= 0 exactly n.

-- Digest of an event's stored content; the hash chain links these per stream.
CREATE FUNCTION sb_event_digest(
    p_stream text, p_event_id uuid, p_type text, p_schema integer, p_occurred timestamptz,
    p_correlation uuid, p_causation uuid, p_subject text, p_codec smallint, p_payload bytea,
    p_metadata jsonb
) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(
        convert_to(concat_ws(E'\x1f', p_stream, p_event_id::text, p_type, p_schema::text,
            (extract(epoch FROM p_occurred) * 1000000)::bigint::text,
            coalesce(p_correlation::text, ''), coalesce(p_causation::text, ''),
            coalesce(p_subject, ''), p_codec::text, coalesce(p_metadata::text, '')), 'UTF8')
        || p_payload)
$$;

-- One link of a stream's chain: sha256(previous hash || version || digest).
CREATE FUNCTION sb_chain_link(p_prev bytea, p_version bigint, p_digest bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(p_prev || int8send(p_version) || p_digest)
$$;

CREATE FUNCTION sb_append_batch(
    a_stream text[], a_expected bigint[], a_count integer[],
    e_id uuid[], e_type text[], e_schema integer[], e_occurred timestamptz[],
    e_correlation uuid[], e_causation uuid[], e_subject text[], e_codec smallint[],
    e_payload bytea[], e_metadata jsonb[]
) RETURNS TABLE (append_index integer, outcome smallint, first_position bigint, last_position bigint, stream_version bigint)
LANGUAGE plpgsql AS $$
DECLARE
    n integer := coalesce(array_length(a_stream, 1), 0);
    starts integer[] := '{}';
    ev_stream text[] := '{}';
    existing uuid[];
    cur_version bigint[];
    cur_hash bytea[];
    digests bytea[];
    status smallint[] := '{}';
    o_event integer[] := '{}';
    o_stream text[] := '{}';
    o_version bigint[] := '{}';
    o_prev bytea[] := '{}';
    o_hash bytea[] := '{}';
    u_stream text[] := '{}';
    u_version bigint[] := '{}';
    u_hash bytea[] := '{}';
    k integer := 1;
    base bigint;
    prev bytea;
    link bytea;
    zero_hash constant bytea := decode(repeat('00', 32), 'hex');
BEGIN
    FOR i IN 1..n LOOP
        starts := array_append(starts, k);
        FOR j IN 1..a_count[i] LOOP
            ev_stream := array_append(ev_stream, a_stream[i]);
        END LOOP;
        k := k + a_count[i];
    END LOOP;

    SELECT coalesce(array_agg(e.event_id), '{}') INTO existing FROM events e WHERE e.event_id = ANY (e_id);

    INSERT INTO streams (stream_id) SELECT DISTINCT s FROM unnest(a_stream) s ON CONFLICT DO NOTHING;
    PERFORM 1 FROM streams s WHERE s.stream_id = ANY (a_stream) ORDER BY s.stream_id FOR UPDATE;
    SELECT array_agg(s.version ORDER BY a.ord), array_agg(s.last_hash ORDER BY a.ord)
        INTO cur_version, cur_hash
        FROM unnest(a_stream) WITH ORDINALITY a (sid, ord) JOIN streams s ON s.stream_id = a.sid;

    SELECT array_agg(sb_event_digest(ev_stream[x], e_id[x], e_type[x], e_schema[x], e_occurred[x],
            e_correlation[x], e_causation[x], e_subject[x], e_codec[x], e_payload[x], e_metadata[x]) ORDER BY x)
        INTO digests FROM generate_subscripts(e_id, 1) x;

    FOR i IN 1..n LOOP
        IF e_id[starts[i]] = ANY (existing) THEN
            status := array_append(status, 1::smallint);
            CONTINUE;
        END IF;
        base := cur_version[i];
        IF (a_expected[i] = -1 AND base <> 0) OR (a_expected[i] >= 0 AND base <> a_expected[i]) THEN
            status := array_append(status, 2::smallint);
            CONTINUE;
        END IF;
        status := array_append(status, 0::smallint);
        prev := coalesce(cur_hash[i], zero_hash);
        FOR j IN 0..(a_count[i] - 1) LOOP
            link := sb_chain_link(prev, base + j + 1, digests[starts[i] + j]);
            o_event := array_append(o_event, starts[i] + j);
            o_stream := array_append(o_stream, a_stream[i]);
            o_version := array_append(o_version, base + j + 1);
            o_prev := array_append(o_prev, prev);
            o_hash := array_append(o_hash, link);
            prev := link;
        END LOOP;
        u_stream := array_append(u_stream, a_stream[i]);
        u_version := array_append(u_version, base + a_count[i]);
        u_hash := array_append(u_hash, prev);
    END LOOP;

    IF array_length(u_stream, 1) > 0 THEN
        UPDATE streams s SET version = u.v, last_hash = u.h
            FROM unnest(u_stream, u_version, u_hash) u (sid, v, h) WHERE s.stream_id = u.sid;
        INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, occurred_at,
                            correlation_id, causation_id, subject_id, codec, payload, metadata, prev_hash, hash)
        SELECT o.sid, o.ver, e_id[o.ev], e_type[o.ev], e_schema[o.ev], e_occurred[o.ev], e_correlation[o.ev],
               e_causation[o.ev], e_subject[o.ev], e_codec[o.ev], e_payload[o.ev], e_metadata[o.ev], o.prev, o.h
        FROM unnest(o_event, o_stream, o_version, o_prev, o_hash) WITH ORDINALITY o (ev, sid, ver, prev, h, ord)
        ORDER BY o.ord;
    END IF;

    RETURN QUERY
    WITH ev AS (
        SELECT e.event_id, e.global_position, e.stream_version FROM events e WHERE e.event_id = ANY (e_id)
    )
    SELECT a.i, status[a.i], f.global_position, l.global_position,
           CASE WHEN status[a.i] = 2 THEN cur_version[a.i] ELSE l.stream_version END
    FROM generate_series(1, n) a (i)
    LEFT JOIN ev f ON status[a.i] <> 2 AND f.event_id = e_id[starts[a.i]]
    LEFT JOIN ev l ON status[a.i] <> 2 AND l.event_id = e_id[starts[a.i] + a_count[a.i] - 1];
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT EXECUTE ON FUNCTION sb_append_batch(text[], bigint[], integer[], uuid[], text[], integer[],
            timestamptz[], uuid[], uuid[], text[], smallint[], bytea[], jsonb[]) TO switchboard_app;
    END IF;
END
$$;
