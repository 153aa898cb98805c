-- schema version 2
-- analytics: per hour (UTC) x channel x agent. No personal data: counts and response times only;
-- '' stands for "no channel" / "no agent" so they can be part of the primary key. The correlation
-- tables hold pseudonymous conversation ids and outbound ids, never subject ids or text.

CREATE TABLE IF NOT EXISTS rm_checkpoints (
    projector text PRIMARY KEY,
    tx xid8 NOT NULL,
    global_position bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS rm_analytics_hourly (
    hour_start timestamptz NOT NULL CHECK (date_trunc('hour', hour_start) = hour_start),
    channel text NOT NULL DEFAULT '',
    agent_id text NOT NULL DEFAULT '',
    inbound bigint NOT NULL DEFAULT 0,
    outbound bigint NOT NULL DEFAULT 0,
    delivered bigint NOT NULL DEFAULT 0,
    failed bigint NOT NULL DEFAULT 0,
    intents_recognized bigint NOT NULL DEFAULT 0,
    erasures bigint NOT NULL DEFAULT 0,
    -- every response time seen (count, sum) and the kept samples (all up to the capacity, then a
    -- deterministic reservoir); median and p95 by nearest rank over the kept samples
    response_count bigint NOT NULL DEFAULT 0,
    response_total_ms bigint NOT NULL DEFAULT 0,
    response_samples_ms bigint[] NOT NULL DEFAULT '{}',
    response_median_ms bigint,
    response_p95_ms bigint,
    PRIMARY KEY (hour_start, channel, agent_id)
);
-- The reservoir (up to a thousand samples, about 8 kB) changes with most batches while its hour is
-- current. Stored uncompressed: pglz spent about half a millisecond compressing it on every
-- rewrite, and comparing it with the incoming one meant decompressing it first.
ALTER TABLE rm_analytics_hourly ALTER COLUMN response_samples_ms SET STORAGE EXTERNAL;

-- Per conversation: channel, current agent, and the clocks for inbound attribution and response time.
CREATE TABLE IF NOT EXISTS rm_analytics_conversation (
    conversation_id text PRIMARY KEY,
    channel text NOT NULL,
    agent_id text,
    awaiting_routing_since timestamptz,
    unanswered_since timestamptz
);

-- Outbound messages waiting for a delivery outcome.
CREATE TABLE IF NOT EXISTS rm_analytics_outbound (
    outbound_id uuid PRIMARY KEY,
    conversation_id text NOT NULL,
    channel text NOT NULL,
    agent_id text
);
