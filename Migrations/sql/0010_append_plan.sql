-- `sb_append_batch` runs one statement whose plan does not depend on the batch: every lookup is an
-- index probe (its `enable_seqscan = off`). Left to choose, PostgreSQL's plan cache compares the
-- generic plan's cost, costed for arrays of unknown length, with custom plans costed for the
-- batch at hand. A small batch's custom plan always looks cheaper, so the statement was planned
-- anew on every call, and planning cost as much as running it. Use the one generic plan.
ALTER FUNCTION sb_append_batch(text[], bigint[], bytea[], integer[], bytea[], uuid[], text[], bigint[],
    uuid[], text[], integer[], timestamptz[], uuid[], uuid[], text[], smallint[], bytea[], json[], bytea[], bytea[])
    SET plan_cache_mode = force_generic_plan;
