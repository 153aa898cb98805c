-- Gateway workers' progress. Agent dispatch and delivery split conversations into partitions; the
-- process holding a partition's lease (a session advisory lock) records here how far into the log it
-- has finished that partition's work, so a successor resumes from there. Polling channel adapters
-- (Telegram getUpdates) record the platform's next offset per account, so a restart neither repeats
-- nor skips updates. Neither table holds personal data.

CREATE TABLE IF NOT EXISTS worker_checkpoints (
    role            text    NOT NULL,
    partition       integer NOT NULL,
    tx              xid8    NOT NULL,
    global_position bigint  NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role, partition)
);

CREATE TABLE IF NOT EXISTS channel_cursors (
    channel    text   NOT NULL,
    account_id text   NOT NULL,
    next_offset bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, account_id)
);

REVOKE ALL ON worker_checkpoints, channel_cursors FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT SELECT, INSERT, UPDATE ON worker_checkpoints, channel_cursors TO switchboard_app;
    END IF;
END
$$;

-- Which outbound message a platform message id belongs to, written by the delivery worker when the
-- platform accepts a send, so delivery receipts (WhatsApp statuses) find the outbound message and
-- its conversation. Platform message ids are opaque (wamid…), not personal data.
CREATE TABLE IF NOT EXISTS outbound_platform_ids (
    channel             text NOT NULL,
    account_id          text NOT NULL,
    platform_message_id text NOT NULL,
    outbound_id         uuid NOT NULL,
    conversation_id     text NOT NULL,
    PRIMARY KEY (channel, account_id, platform_message_id)
);

REVOKE ALL ON outbound_platform_ids FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
        GRANT SELECT, INSERT ON outbound_platform_ids TO switchboard_app;
    END IF;
END
$$;
