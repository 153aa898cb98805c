-- Before each agent turn and each send, the conversation's latest `message.received` before the
-- turn or the reply is looked up. A statement kept prepared gets one generic plan, and for that plan
-- the planner cannot tell a long conversation from a short one: it chose to fetch every earlier event
-- of the conversation and sort them, so a conversation's lookups grew with its length. A partial
-- index on the received messages alone (a fifth of the events) makes each lookup one backward probe,
-- and a statement that repeats this predicate walks it whatever plan it keeps (EventLog.lastEventsSQL).
CREATE INDEX IF NOT EXISTS events_conversation_received
    ON events (stream_id, stream_version)
    WHERE event_type = 'message.received';
