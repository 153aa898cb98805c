-- schema version 1
-- audit: one row per event that matters to an auditor (message in/out, routing decision, agent action,
-- delivery outcome, consent, erasure, admin API call, configuration change): when, actor, action,
-- conversation, correlation id, outcome. Pseudonymous ids only, never message text; an erasure clears
-- the subject's pseudonym from its rows (the erasure's own row keeps it as the tombstone's subject).

CREATE TABLE IF NOT EXISTS rm_checkpoints (
    projector text PRIMARY KEY,
    tx xid8 NOT NULL,
    global_position bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS rm_audit (
    global_position bigint PRIMARY KEY,
    event_id uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    conversation_id text,
    correlation_id uuid,
    outcome text NOT NULL,
    -- the pseudonymous subject the event concerns, for erasure; NULL once erased
    subject_id text
);

-- the erasure of a subject finds its rows by this one
CREATE INDEX IF NOT EXISTS rm_audit_subject ON rm_audit (subject_id) WHERE subject_id IS NOT NULL;

-- read indexes (the filters and pages of the audit API; a rebuild creates them after its rows)
CREATE INDEX IF NOT EXISTS rm_audit_time ON rm_audit (occurred_at, global_position);
CREATE INDEX IF NOT EXISTS rm_audit_actor ON rm_audit (actor, global_position);
CREATE INDEX IF NOT EXISTS rm_audit_conversation ON rm_audit (conversation_id, global_position) WHERE conversation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS rm_audit_action ON rm_audit (action, global_position);
