-- LLM agents' daily token quotas are summed from their `agent.llm_called` events of the day. A
-- partial index on when those events happened keeps the sum to the day's calls, however long the
-- log, and costs nothing for other events.
CREATE INDEX IF NOT EXISTS events_llm_calls_by_time
    ON events (occurred_at)
    WHERE event_type = 'agent.llm_called';
