import Foundation
import Postgres
import SwitchboardTestSupport
import Synchronization
import Testing

@Suite("Postgres over libpq")
struct PostgresConnectionTests {
    @Test("binary parameters and results round-trip every type the log uses")
    func roundTrip() async throws {
        let database = try await TestPostgres.freshDatabase("types")
        let connection = try await database.superuserConnection()
        let id = UUID()
        let when = Date(timeIntervalSince1970: 1_700_000_000.123456)
        let row = try await connection.query(
            "SELECT $1::int8, $2::text, $3::bytea, $4::uuid, $5::timestamptz, $6::jsonb, $7::bool, $8::int4, $9::xid8",
            [.int64(-42), .text("héllo"), .bytea([0, 1, 255]), .uuid(id), .timestamptz(when), .jsonb("{\"a\": 1}"), .bool(true), .int32(7), .xid8(99)]
        )[0]
        #expect(try row.decode(Int64.self, at: 0) == -42)
        #expect(try row.decode(String.self, at: 1) == "héllo")
        #expect(try row.decode([UInt8].self, at: 2) == [0, 1, 255])
        #expect(try row.decode(UUID.self, at: 3) == id)
        #expect(abs(try row.decode(Date.self, at: 4).timeIntervalSince(when)) < 0.000_001)
        #expect(try row.decode(String.self, at: 5) == "{\"a\": 1}")
        #expect(try row.decode(Bool.self, at: 6))
        #expect(try row.decode(Int32.self, at: 7) == 7)
        #expect(try row.decode(UInt64.self, at: 8) == 99)
    }

    @Test("binary arrays with NULL elements arrive intact")
    func arrays() async throws {
        let database = try await TestPostgres.freshDatabase("arrays")
        let connection = try await database.superuserConnection()
        let result = try await connection.query(
            "SELECT t, b, n FROM unnest($1::text[], $2::bytea[], $3::int8[]) AS x(t, b, n)",
            [.textArray(["a", nil, "c"]), .byteaArray([[1], [], nil]), .int64Array([1, 2, nil])])
        #expect(result.rowCount == 3)
        #expect(try result[1].decode(String?.self, at: 0) == nil)
        #expect(try result[1].decode([UInt8].self, at: 1) == [])
        #expect(try result[2].decode([UInt8]?.self, at: 1) == nil)
        #expect(try result[2].decode(Int64?.self, at: 2) == nil)
        let empty = try await connection.query("SELECT cardinality($1::text[])", [.textArray([])])
        #expect(try empty[0].decode(Int32.self, at: 0) == 0)
    }

    @Test("server errors carry SQLSTATE and message; the connection stays usable")
    func serverErrors() async throws {
        let database = try await TestPostgres.freshDatabase("errors")
        let connection = try await database.superuserConnection()
        try await connection.execute("CREATE TABLE t (id int PRIMARY KEY)")
        try await connection.query("INSERT INTO t VALUES ($1)", [.int32(1)])
        let error = await #expect(throws: PostgresError.self) {
            try await connection.query("INSERT INTO t VALUES ($1)", [.int32(1)])
        }
        #expect(error?.sqlState == PostgresError.SQLState.uniqueViolation)
        #expect(error?.code == .server)
        #expect(error?.message.contains("duplicate key") == true)
        #expect(try await connection.query("SELECT count(*) FROM t")[0].decode(Int64.self, at: 0) == 1)
    }

    @Test("a failed transaction rolls back everything in it")
    func transactionRollback() async throws {
        let database = try await TestPostgres.freshDatabase("tx")
        let connection = try await database.superuserConnection()
        try await connection.execute("CREATE TABLE t (id int PRIMARY KEY)")
        await #expect(throws: PostgresError.self) {
            try await connection.transaction { connection in
                try await connection.query("INSERT INTO t VALUES (1)")
                try await connection.query("INSERT INTO t VALUES (1)")
            }
        }
        #expect(try await connection.query("SELECT count(*) FROM t")[0].decode(Int64.self, at: 0) == 0)
        try await connection.prepare(name: "ins", sql: "INSERT INTO t VALUES ($1) RETURNING id")
        let inserted = try await connection.executePrepared(name: "ins", [.int32(5)])
        #expect(try inserted[0].decode(Int32.self, at: 0) == 5)
    }

    @Test("set-up sent with the BEGIN holds for the transaction only; when it fails, nothing is left open")
    func transactionSetup() async throws {
        let database = try await TestPostgres.freshDatabase("txsetup")
        let connection = try await database.superuserConnection()
        try await connection.execute("CREATE SCHEMA elsewhere; CREATE TABLE elsewhere.t (id int)")
        try await connection.transaction(beginningWith: "SELECT set_config('search_path', 'elsewhere', true)") { connection in
            try await connection.query("INSERT INTO t VALUES (1)")
        }
        #expect(try await connection.query("SELECT count(*) FROM elsewhere.t")[0].decode(Int64.self, at: 0) == 1)
        #expect(try await connection.query("SELECT current_setting('search_path')")[0].decode(String.self, at: 0) != "elsewhere")

        await #expect(throws: PostgresError.self) {
            try await connection.transaction(beginningWith: "SELECT 1 / 0") { connection in
                try await connection.query("INSERT INTO elsewhere.t VALUES (2)")
            }
        }
        // Not left inside the aborted transaction: the next statement runs and commits on its own.
        try await connection.query("INSERT INTO elsewhere.t VALUES (3)")
        #expect(try await connection.query("SELECT array_agg(id ORDER BY id)::text FROM elsewhere.t")[0].decode(String.self, at: 0) == "{1,3}")
    }

    @Test("queued statements run in order with the next statement; an error in one is thrown by it and aborts the transaction")
    func queuedStatements() async throws {
        let database = try await TestPostgres.freshDatabase("queued")
        let connection = try await database.superuserConnection()
        try await connection.execute("CREATE TABLE t (id int PRIMARY KEY, note text)")
        let insert = "INSERT INTO t VALUES ($1, $2)"
        let seen = try await connection.transaction { connection in
            connection.enqueue(insert, [.int32(1), .text("one")])
            connection.enqueue("UPDATE t SET note = note || '!' WHERE id = $1", [.int32(1)])
            connection.enqueue(insert, [.int32(2), .text("two")])
            let seen = try await connection.query("SELECT string_agg(id || ':' || note, ',' ORDER BY id) FROM t")[0].decode(String.self, at: 0)
            connection.enqueue(insert, [.int32(3), .text("three")])
            return seen
        }
        #expect(seen == "1:one!,2:two")
        let all = "SELECT string_agg(id::text, ',' ORDER BY id) FROM t"
        #expect(try await connection.query(all)[0].decode(String.self, at: 0) == "1,2,3")

        // A duplicate among queued writes: the COMMIT throws its error and none of them is kept.
        await #expect {
            try await connection.transaction { connection in
                connection.enqueue(insert, [.int32(4), .text("four")])
                connection.enqueue(insert, [.int32(1), .text("again")])
                connection.enqueue(insert, [.int32(5), .text("five")])
            }
        } throws: { ($0 as? PostgresError)?.sqlState == "23505" }
        // The same when the next statement is a query: the query throws the queued statement's error.
        await #expect {
            try await connection.transaction { connection in
                connection.enqueue(insert, [.int32(6), .text("six")])
                connection.enqueue(insert, [.int32(2), .text("again")])
                return try await connection.query("SELECT count(*) FROM t")[0].decode(Int64.self, at: 0)
            }
        } throws: { ($0 as? PostgresError)?.sqlState == "23505" }
        // Left in no transaction and out of pipeline mode: text-protocol statements run, and so do queued ones.
        try await connection.execute("INSERT INTO t VALUES (7, 'seven'); INSERT INTO t VALUES (8, 'eight')")
        connection.enqueue(insert, [.int32(9), .text("nine")])
        #expect(try await connection.query(all)[0].decode(String.self, at: 0) == "1,2,3,7,8,9")
    }

    @Test("a statement is prepared once per connection and follows a table that changes shape")
    func preparedStatements() async throws {
        let database = try await TestPostgres.freshDatabase("prepared")
        let connection = try await database.superuserConnection()
        try await connection.execute("CREATE TABLE t (id int PRIMARY KEY)")
        try await connection.query("INSERT INTO t VALUES ($1)", [.int32(1)])
        let select = "SELECT * FROM t WHERE id = $1"
        for _ in 0..<3 { try await connection.query(select, [.int32(1)]) }
        let prepared = try await connection.query(
            "SELECT count(*)::bigint FROM pg_prepared_statements WHERE statement = $1", [.text(select)])
        #expect(try prepared[0].decode(Int64.self, at: 0) == 1)

        // The prepared statement's result shape is stale: run outside a transaction, it is run afresh.
        try await connection.execute("ALTER TABLE t ADD COLUMN name text DEFAULT 'x'")
        #expect(try await connection.query(select, [.int32(1)]).columnCount == 2)
        // Inside a transaction the server has already aborted it: the error surfaces, and the next
        // transaction prepares the statement anew.
        try await connection.query(select, [.int32(1)])
        try await connection.execute("ALTER TABLE t ADD COLUMN other int")
        let error = await #expect(throws: PostgresError.self) {
            try await connection.transaction { connection in try await connection.query(select, [.int32(1)]) }
        }
        #expect(error?.sqlState == PostgresError.SQLState.featureNotSupported)
        let again = try await connection.transaction { connection in try await connection.query(select, [.int32(1)]) }
        #expect(again.columnCount == 3)
    }

    @Test("LISTEN delivers NOTIFY payloads from another connection")
    func listenNotify() async throws {
        let database = try await TestPostgres.freshDatabase("listen")
        let received = ReceivedNotifications()
        let listener = PostgresListener(configuration: database.superuserConfiguration, channels: ["sb_test"]) { received.add($0) }
        listener.start()
        defer { listener.stop() }
        let sender = try await database.superuserConnection()
        // The listener connects in the background: notify until it hears one (at most ~10 s).
        for attempt in 0..<100 where received.payloads.isEmpty {
            try await sender.query("SELECT pg_notify('sb_test', $1)", [.text("hello \(attempt)")])
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(received.payloads.first?.hasPrefix("hello") == true)
        // Once listening, every notification arrives, in order.
        let before = received.payloads.count
        for index in 0..<5 { try await sender.query("SELECT pg_notify('sb_test', $1)", [.text("n\(index)")]) }
        for _ in 0..<100 where received.payloads.count < before + 5 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(Array(received.payloads.suffix(5)) == ["n0", "n1", "n2", "n3", "n4"])
    }

    @Test("an unreachable server fails with a clear error after bounded retries")
    func unreachable() async throws {
        let configuration = PostgresConfiguration(
            connectionString: "host=/nonexistent-switchboard-socket port=5999 dbname=x", connectAttempts: 3,
            initialRetryDelay: .milliseconds(50), maximumRetryDelay: .milliseconds(100))
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration)
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("after 3 attempt(s)") == true)
        // Three attempts 50–100 ms apart; the wide bound only tells bounded from endless retries, even
        // on a machine loaded enough to stall this process for seconds.
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}

/// Collects what a listener hears, from its thread.
final class ReceivedNotifications: Sendable {
    private let state = Mutex<[String]>([])
    var payloads: [String] { state.withLock { $0 } }
    func add(_ notification: PostgresNotification) {
        if case .notification(_, let payload) = notification { state.withLock { $0.append(payload) } }
    }
}
