-- The event log: one append-only table of events, the streams table that serialises each
-- stream's versions, and the application role that may append and read but never change.

-- Roles are shared by every database in the cluster: touch the catalog only when something is
-- missing, so migrations of many databases at once do not queue behind one another.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        CREATE ROLE switchboard_app NOLOGIN;
    END IF;
    IF NOT pg_has_role(current_user, 'switchboard_app', 'MEMBER') THEN
        EXECUTE format('GRANT switchboard_app TO %I', current_user);
    END IF;
EXCEPTION
    WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN
        RAISE NOTICE 'role switchboard_app not created or granted here (%); using it only if it exists', SQLERRM;
END
$$;

CREATE TABLE streams (
    stream_id  text PRIMARY KEY,
    version    bigint NOT NULL DEFAULT 0,
    last_hash  bytea
);

CREATE TABLE events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx              xid8 NOT NULL DEFAULT pg_current_xact_id(),
    stream_id       text NOT NULL,
    category        text NOT NULL GENERATED ALWAYS AS (split_part(stream_id, '-', 1)) STORED,
    stream_version  bigint NOT NULL,
    event_id        uuid NOT NULL,
    event_type      text NOT NULL,
    schema_version  integer NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    correlation_id  uuid,
    causation_id    uuid,
    subject_id      text,
    codec           smallint NOT NULL,
    payload         bytea NOT NULL,
    metadata        json,
    prev_hash       bytea NOT NULL,
    hash            bytea NOT NULL,
    CONSTRAINT events_event_id_unique UNIQUE (event_id),
    CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version),
    CONSTRAINT events_stream_version_positive CHECK (stream_version > 0)
);

-- Subscription order: (tx, global_position). Rows that become visible later always sort after
-- what a reader below the transaction-id barrier has already delivered.
CREATE INDEX events_subscription_order ON events (tx, global_position);
CREATE INDEX events_subject ON events (subject_id) WHERE subject_id IS NOT NULL;

CREATE FUNCTION sb_forbid_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is immutable: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER events_immutable_rows BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION sb_forbid_event_change();
CREATE TRIGGER events_immutable_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION sb_forbid_event_change();

REVOKE ALL ON events, streams FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT SELECT, INSERT ON events TO switchboard_app;
        GRANT SELECT, INSERT, UPDATE ON streams TO switchboard_app;
        GRANT SELECT ON schema_migrations TO switchboard_app;
    END IF;
END
$$;
