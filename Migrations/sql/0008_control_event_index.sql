-- The few control events that change how a conversation is handled (a handoff to a person and its
-- closing, an opt-out or opt-in) are looked up per conversation before each agent turn and send.
-- A partial index keeps those lookups to one index probe however long the conversation is, and
-- costs nothing for the other events.
CREATE INDEX IF NOT EXISTS events_conversation_controls
    ON events (stream_id, stream_version)
    WHERE event_type IN ('agent.handoff_requested', 'handoff.closed', 'consent.recorded');
