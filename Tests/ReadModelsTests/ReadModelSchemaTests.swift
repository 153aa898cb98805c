import AnalyticsReadModel
import ConversationContextReadModel
import Postgres
import ReadModels
import SwitchboardTestSupport
import Testing

@Suite struct ReadModelSchemaTests {
    @Test func schemasAreVersioned() throws {
        let context = try ConversationContextSchema.load()
        let analytics = try AnalyticsSchema.load()
        #expect(context.name == "conversation_context" && context.version == 2)
        #expect(analytics.name == "analytics" && analytics.version == 1)
        #expect(context.sql.contains("rm_conversation_context") && analytics.sql.contains("rm_analytics_hourly"))
        #expect(throws: ReadModelError.self) { try ReadModelSchema(name: "x", sql: "CREATE TABLE x ();") }
    }

    @Test func bothSchemasApplyToAFreshDatabaseTwice() async throws {
        let database = try await TestPostgres.freshDatabase("readmodelschema")
        let connection = try await database.superuserConnection()
        let schemas = [try ConversationContextSchema.load(), try AnalyticsSchema.load()]
        for _ in 0..<2 {
            for schema in schemas { try await connection.execute(schema.sql) }
        }
        let tables = try await connection.query(
            """
            SELECT count(*)::bigint FROM information_schema.tables
            WHERE table_name IN ('rm_checkpoints', 'rm_conversation_context', 'rm_conversation_outbound',
                                 'rm_analytics_hourly', 'rm_analytics_conversation', 'rm_analytics_outbound')
            """
        )
        #expect(try tables[0].decode(Int64.self, at: 0) == 6)
        // The checkpoint shape the engine relies on, and the bucket key with '' for "no agent".
        try await connection.execute(
            """
            INSERT INTO rm_checkpoints (projector, tx, global_position) VALUES ('analytics', '5'::xid8, 42);
            INSERT INTO rm_analytics_hourly (hour_start, channel, inbound) VALUES ('2024-05-01T10:00:00Z', 'telegram', 1);
            INSERT INTO rm_analytics_hourly (hour_start, channel, agent_id, response_samples_ms)
                VALUES ('2024-05-01T10:00:00Z', 'telegram', 'support', '{100,200}');
            """
        )
        await #expect(throws: PostgresError.self) {
            try await connection.execute(
                "INSERT INTO rm_analytics_hourly (hour_start, channel) VALUES ('2024-05-01T10:30:00Z', 'telegram')"
            )
        }
    }
}
