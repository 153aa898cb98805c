import AnalyticsReadModel
import AuditReadModel
import ConversationContextReadModel
import Postgres
import ReadModels
import SwitchboardTestSupport
import Testing

@Suite struct ReadModelSchemaTests {
    @Test func schemasAreVersioned() throws {
        let context = try ConversationContextSchema.load()
        let analytics = try AnalyticsSchema.load()
        #expect(context.name == "conversation_context" && context.version == 4)
        #expect(analytics.name == "analytics" && analytics.version == 2)
        #expect(context.sql.contains("rm_conversation_context") && analytics.sql.contains("rm_analytics_hourly"))
        #expect(throws: ReadModelError.self) { try ReadModelSchema(name: "x", sql: "CREATE TABLE x ();") }
    }

    /// What a rebuild creates before its rows (the tables and the indexes the projector writes with)
    /// and after them (the read indexes) is the whole schema, split at the `-- read indexes` line.
    @Test func readIndexesAreSplitFromWhatTheProjectorWritesWith() throws {
        let audit = try AuditSchema.load()
        #expect(audit.writeSQL.contains("CREATE TABLE IF NOT EXISTS rm_audit ") && audit.writeSQL.contains("rm_audit_subject"))
        for index in ["rm_audit_time", "rm_audit_actor", "rm_audit_conversation", "rm_audit_action"] {
            #expect(audit.readIndexSQL.contains("CREATE INDEX IF NOT EXISTS \(index) "))
            #expect(!audit.writeSQL.contains(index))
        }
        #expect(!audit.readIndexSQL.contains("rm_audit_subject") && !audit.readIndexSQL.contains(ReadModelSchema.readIndexesMarker))
        let statements = { (sql: String) in sql.components(separatedBy: ";").filter { $0.contains("CREATE") }.count }
        #expect(statements(audit.writeSQL) + statements(audit.readIndexSQL) == statements(audit.sql))
        let context = try ConversationContextSchema.load()
        #expect(context.readIndexSQL.contains("rm_conversation_context_activity"))
        #expect(context.writeSQL.contains("rm_conversation_context_participants") && context.writeSQL.contains("rm_conversation_messages_subject"))
        #expect(context.rebuildUnloggedTables == ["rm_conversation_context", "rm_conversation_messages"])
        #expect(audit.rebuildUnloggedTables.isEmpty)
        #expect(throws: ReadModelError.self) {
            try ReadModelSchema(name: "x", sql: "-- schema version 1\n-- rebuild unlogged: rm_x; DROP TABLE y\nCREATE TABLE IF NOT EXISTS rm_x (a int);")
        }
        // Without the line, everything is written first.
        let plain = try ReadModelSchema(name: "x", sql: "-- schema version 1\nCREATE TABLE IF NOT EXISTS x (a int);\nCREATE INDEX IF NOT EXISTS x_a ON x (a);")
        #expect(plain.writeSQL == plain.sql && plain.readIndexSQL.isEmpty)
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
        // The hourly reservoir, rewritten by most batches, is stored uncompressed.
        let storage = try await connection.query(
            "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'rm_analytics_hourly'::regclass AND attname = 'response_samples_ms'")
        #expect(try storage[0].decode(String.self, at: 0) == "e")
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
