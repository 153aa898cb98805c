-- schema version 4
-- conversation_context: per conversation, what an agent needs to assemble context (one row read,
-- no log scan). Only pseudonymous ids and sealed text: message text stays sealed under the subject's
-- key and is unsealed on read. The projector writes these rows and its checkpoint in one transaction.

CREATE TABLE IF NOT EXISTS rm_checkpoints (
    projector text PRIMARY KEY,
    tx xid8 NOT NULL,
    global_position bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- A rebuild rewrites each row and window many times over (once per batch, a window's messages
-- coming and going); it writes these two unlogged and makes them logged, with their final rows, before
-- its swap.
-- rebuild unlogged: rm_conversation_context, rm_conversation_messages

CREATE TABLE IF NOT EXISTS rm_conversation_context (
    conversation_id text PRIMARY KEY,
    channel text NOT NULL,
    account_id text NOT NULL,
    -- pseudonymous subject ids, in order of first message
    participants text[] NOT NULL DEFAULT '{}',
    assigned_agent_id text,
    state text NOT NULL CHECK (state IN ('open', 'waiting', 'closed')),
    inbound_count bigint NOT NULL DEFAULT 0,
    outbound_count bigint NOT NULL DEFAULT 0,
    last_activity_at timestamptz NOT NULL,
    -- last_activity_at in whole 10-second steps since the epoch: what the conversation list's index
    -- holds. Every event moves last_activity_at, but an update within the same step changes no
    -- indexed column, so it stays on the row's page without new index entries (HOT).
    activity_step bigint NOT NULL,
    pending_outbound_ids uuid[] NOT NULL DEFAULT '{}',
    last_inbound_position bigint,
    last_outbound_position bigint,
    applied_tx xid8 NOT NULL,
    applied_global_position bigint NOT NULL
);

-- Room on each page for a row's next version, which HOT needs.
ALTER TABLE rm_conversation_context SET (fillfactor = 80);

CREATE INDEX IF NOT EXISTS rm_conversation_context_participants
    ON rm_conversation_context USING gin (participants);

-- The last N messages of each conversation (the window), one row per message so a new message or
-- a delivery outcome writes one small row instead of the whole window. message: {event_id, direction,
-- global_position, occurred_at_us, subject_id, text: {sealed, subject, v} | absent, is_edit,
-- outbound_id, delivery_status, retryable}; subject_id is the message's subject, for erasure.
-- message is json, not jsonb: it is written and read whole and never queried inside, so it is kept
-- as written (validated, not parsed into a tree on every write, not re-serialised on every read).
CREATE TABLE IF NOT EXISTS rm_conversation_messages (
    conversation_id text NOT NULL,
    global_position bigint NOT NULL,
    subject_id text NOT NULL,
    message json NOT NULL,
    PRIMARY KEY (conversation_id, global_position)
);
-- A reply's row is rewritten when its delivery outcome comes, moments after it was written. Pages
-- kept a fifth free let most of those updates stay on the row's page without new index entries (HOT):
-- 72 % of them instead of 18 % at 1,000 messages/s. Set apart from CREATE so installed tables take it too.
ALTER TABLE rm_conversation_messages SET (fillfactor = 80);

CREATE INDEX IF NOT EXISTS rm_conversation_messages_subject ON rm_conversation_messages (subject_id);

-- Which conversation queued an outbound message, so delivery outcomes find their row.
CREATE TABLE IF NOT EXISTS rm_conversation_outbound (
    outbound_id uuid PRIMARY KEY,
    conversation_id text NOT NULL
);

-- read indexes (the conversation list; a rebuild creates them after its rows). The list orders by
-- step, then last_activity_at and conversation_id within a step (an incremental sort of one step's
-- rows at a time).
CREATE INDEX IF NOT EXISTS rm_conversation_context_activity
    ON rm_conversation_context (activity_step DESC);
