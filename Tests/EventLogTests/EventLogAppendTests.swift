import EventLog
import Foundation
import Postgres
import SwitchboardTestSupport
import Testing

func payload(_ text: String) -> Data {
    Data("{\"text\":\"\(text)\"}".utf8)
}

func count(_ database: TestDatabase, _ sql: String = "SELECT count(*) FROM events") async throws -> Int64 {
    let connection = try await database.superuserConnection()
    return try await connection.query(sql)[0].decode(Int64.self, at: 0)
}

@Suite("Event log appends")
struct EventLogAppendTests {
    @Test("appends assign consecutive stream versions and read back forward and backward")
    func appendAndReadStream() async throws {
        let database = try await TestPostgres.freshDatabase("append")
        let log = database.eventLog()
        defer { log.shutdown() }
        let first = try await log.append(
            [NewEvent(type: "message.received", payload: payload("a")), NewEvent(type: "routing.decided", payload: payload("b"))],
            to: "conversation-1", expected: .noStream)
        #expect(first.streamVersion == 2)
        #expect(first.lastPosition > first.firstPosition)
        let second = try await log.append([NewEvent(type: "outbound.queued", payload: payload("c"))], to: "conversation-1", expected: .exact(2))
        #expect(second.streamVersion == 3)

        let forward = try await log.readStream("conversation-1")
        #expect(forward.map(\.streamVersion) == [1, 2, 3])
        #expect(forward.map(\.type) == ["message.received", "routing.decided", "outbound.queued"])
        #expect(try forward[0].decodePayload([String: String].self) == ["text": "a"])
        let backward = try await log.readStream("conversation-1", direction: .backward, limit: 2)
        #expect(backward.map(\.streamVersion) == [3, 2])
        #expect(try await log.streamVersion("conversation-1") == 3)
        #expect(try await log.streamVersion("conversation-none") == 0)
    }

    @Test("metadata with quotes, backslashes, control characters and any script reads back as written, and the chain verifies")
    func metadataRoundTrip() async throws {
        let database = try await TestPostgres.freshDatabase("metadata")
        let log = database.eventLog()
        defer { log.shutdown() }
        let metadata = [
            "trace": "a\"b\\c/d", "lines": "one\ntwo\r\tthree", "controls": "\u{01}\u{1F}\u{7F}", "script": "Grüße 你好 🚀",
            "": "empty key", "zz": "",
        ]
        try await log.append([NewEvent(type: "message.received", payload: payload("m"), metadata: metadata)], to: "conversation-m")
        try await log.append([NewEvent(type: "routing.decided", payload: payload("n"))], to: "conversation-m")
        let events = try await log.readStream("conversation-m")
        #expect(events.map(\.metadata) == [metadata, [:]])
        #expect(try await HashChainVerifier(pool: log.pool).verify().isIntact)
    }

    @Test("stored metadata reads as the flat object of strings it is, whatever its spacing; anything else reads as none")
    func metadataReading() throws {
        let read = { (json: String) in EventLog.readMetadata(Array(json.utf8)) }
        #expect(read(#"{"a":"x","b":"y\u00e9\n"}"#) == ["a": "x", "b": "yé\n"])
        #expect(read(#" { "a" : "x" } "#) == ["a": "x"])
        #expect(read("{}") == [:])
        #expect(read(#"{"a":1}"#) == nil)
        #expect(read(#"{"a":{"b":"c"}}"#) == nil)
        #expect(read(#"["a"]"#) == nil)
        #expect(read(#"{"a":"x""#) == nil)
    }

    @Test("a wrong expected version fails only that append, with a typed error")
    func optimisticConcurrency() async throws {
        let database = try await TestPostgres.freshDatabase("conflict")
        let log = database.eventLog()
        defer { log.shutdown() }
        try await log.append([NewEvent(type: "a.happened", payload: payload("1"))], to: "order-1", expected: .noStream)

        // Many concurrent appends expecting version 1: exactly one wins, the rest conflict;
        // an unrelated append in the same batches still lands.
        let outcomes = await withTaskGroup(of: Result<AppendResult, EventLogError>.self) { group in
            for index in 0..<20 {
                group.addTask {
                    do {
                        return .success(try await log.append([NewEvent(type: "b.happened", payload: payload("\(index)"))], to: "order-1", expected: .exact(1)))
                    } catch let error as EventLogError {
                        return .failure(error)
                    } catch {
                        return .failure(EventLogError(code: .rejected, message: "\(error)"))
                    }
                }
                group.addTask {
                    .success(try! await log.append([NewEvent(type: "c.happened", payload: payload("\(index)"))], to: "other-\(index)", expected: .noStream))
                }
            }
            var all: [Result<AppendResult, EventLogError>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let failures = outcomes.compactMap { if case .failure(let error) = $0 { return error } else { return nil } }
        #expect(outcomes.count - failures.count == 21)
        #expect(failures.count == 19)
        #expect(failures.allSatisfy { $0.code == .wrongExpectedVersion && $0.streamID == "order-1" && $0.actualVersion == 2 })

        let noStream = await #expect(throws: EventLogError.self) {
            try await log.append([NewEvent(type: "a.happened", payload: payload("x"))], to: "order-1", expected: .noStream)
        }
        #expect(noStream?.code == .wrongExpectedVersion)
        #expect(try await log.streamVersion("order-1") == 2)
    }

    @Test("re-appending the same event ids returns the original positions and writes nothing")
    func idempotentAppend() async throws {
        let database = try await TestPostgres.freshDatabase("idempotent")
        let log = database.eventLog()
        defer { log.shutdown() }
        let events = [NewEvent(type: "message.received", payload: payload("hi")), NewEvent(type: "routing.decided", payload: payload("r"))]
        let original = try await log.append(events, to: "conversation-9", expected: .noStream)
        let before = try await count(database)
        // A retry after an unknown outcome carries the same ids and the same expectation.
        let retried = try await log.append(events, to: "conversation-9", expected: .noStream)
        #expect(retried.wasDuplicate)
        #expect(!original.wasDuplicate)
        #expect(retried.firstPosition == original.firstPosition)
        #expect(retried.lastPosition == original.lastPosition)
        #expect(retried.streamVersion == original.streamVersion)
        // Concurrent duplicates of one new append: one write, the same positions for all.
        let fresh = [NewEvent(type: "message.received", payload: payload("again"))]
        let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
            for _ in 0..<8 { group.addTask { try await log.append(fresh, to: "conversation-10", expected: .any) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.firstPosition)).count == 1)
        #expect(results.filter { !$0.wasDuplicate }.count == 1)
        #expect(try await count(database) == before + 1)
    }

    @Test("an append to an idle log is written at once, even right after a group commit of several appends")
    func idleAppendIsNotHeldForGathering() async throws {
        let database = try await TestPostgres.freshDatabase("gather")
        var configuration = EventLog.Configuration()
        // Long enough that an append held for gathering cannot pass for one written at once.
        configuration.gatherWindow = .seconds(3)
        configuration.lingerWindow = .seconds(3)
        let log = database.eventLog(configuration: configuration)
        defer { log.shutdown() }
        // Concurrent appends: one batch is written while the others arrive, so at least one batch
        // holds several appends (those may wait for the window).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<6 {
                group.addTask { _ = try await log.append([NewEvent(type: "burst.appended", payload: payload("\(index)"))], to: "burst-\(index)") }
            }
            try await group.waitForAll()
        }
        #expect(try await count(database) == 6)
        // Nothing is in flight now: a lone append goes straight to the database. Held for gathering it
        // would take the 3 s window; the bound leaves the full suite's load (up to 1.1 s seen) room.
        let started = ContinuousClock.now
        try await log.append([NewEvent(type: "lone.appended", payload: payload("lone"))], to: "lone-1")
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(try await count(database) == 7)
    }

    @Test("bad input is refused with a clear error and writes nothing")
    func badInput() async throws {
        let database = try await TestPostgres.freshDatabase("badinput")
        let log = database.eventLog()
        defer { log.shutdown() }
        for (stream, events) in [
            ("", [NewEvent(type: "a.b", payload: payload("x"))]),
            ("s-1", []),
            ("s-1", [NewEvent(type: "", payload: payload("x"))]),
            ("s-1", [NewEvent(type: "a.b", payload: Data("not json".utf8))]),
            ("s-\u{7}", [NewEvent(type: "a.b", payload: payload("x"))]),
            ("s-\u{85}", [NewEvent(type: "a.b", payload: payload("x"))]),
            ("s-\u{7F}", [NewEvent(type: "a.b", payload: payload("x"))]),
        ] {
            let error = await #expect(throws: EventLogError.self) { try await log.append(events, to: stream) }
            #expect(error?.code == .invalidEvent)
        }
        #expect(try await count(database) == 0)
    }

    @Test("payloads above the threshold are stored as LZ4 frames and read back intact")
    func compression() async throws {
        let database = try await TestPostgres.freshDatabase("lz4")
        let log = database.eventLog()
        defer { log.shutdown() }
        let big = String(repeating: "switchboard keeps every message. ", count: 200)
        try await log.append([NewEvent(type: "message.received", payload: payload(big)), NewEvent(type: "small.thing", payload: payload("s"))], to: "c-1")
        let connection = try await database.superuserConnection()
        let codecs = try await connection.query("SELECT codec, length(payload) FROM events ORDER BY stream_version")
        #expect(try codecs[0].decode(Int16.self, at: 0) == PayloadCodec.Kind.lz4JSON.rawValue)
        #expect(try codecs[0].decode(Int32.self, at: 1) < Int32(big.utf8.count / 4))
        #expect(try codecs[1].decode(Int16.self, at: 0) == PayloadCodec.Kind.json.rawValue)
        let events = try await log.readStream("c-1")
        #expect(try events[0].decodePayload([String: String].self)["text"] == big)
    }

    @Test("one batch mixing a new stream, a duplicate, a stale head and an advance: each append gets its own outcome and positions")
    func mixedBatchOutcomes() async throws {
        let database = try await TestPostgres.freshDatabase("mixedbatch")
        let log = database.eventLog()
        defer { log.shutdown() }
        let stored = NewEvent(type: "a.happened", payload: payload("dup"))
        for (stream, event) in [("s-dup", stored), ("s-old", NewEvent(type: "a.happened", payload: payload("old"))), ("s-adv", NewEvent(type: "a.happened", payload: payload("adv")))] {
            try await log.append([event], to: stream, expected: .noStream)
        }
        let connection = try await database.superuserConnection()
        let heads = try await connection.query("SELECT stream_id, last_hash FROM streams")
        var hash: [String: [UInt8]] = [:]
        for row in heads.rows { hash[try row.decode(String.self, at: 0)] = try row.decode([UInt8].self, at: 1) }

        // Appends, in batch order: s-new (3 events, new stream), s-dup (already stored), s-old
        // (proposes version 5, the stream is at 1), s-adv (2 events on top of its real head).
        let ids = [UUID(), UUID(), UUID(), stored.id, UUID(), UUID(), UUID()]
        let result = try await connection.query(
            "SELECT append_index, outcome, first_position, last_position, head_version, head_hash FROM sb_append_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
            ProposedAppend.arguments([
                ProposedAppend(stream: "s-new", base: 0, previous: nil, ids: Array(ids[0..<3])),
                ProposedAppend(stream: "s-dup", base: 0, previous: nil, ids: [ids[3]]),
                ProposedAppend(stream: "s-old", base: 5, previous: [UInt8](repeating: 9, count: 32), ids: [ids[4]]),
                ProposedAppend(stream: "s-adv", base: 1, previous: hash["s-adv"], ids: Array(ids[5..<7])),
            ]))
        #expect(result.rowCount == 4)
        let outcomes = try result.rows.map { try $0.decode(Int16.self, at: 1) }
        #expect(outcomes == [0, 1, 2, 0])
        #expect(try result[2].decode(Int64?.self, at: 4) == 1)
        #expect(try result[2].decode([UInt8]?.self, at: 5) == hash["s-old"])
        for (row, stream, written) in [(0, "s-new", 3), (3, "s-adv", 2)] {
            let first = try #require(try result[row].decode(Int64?.self, at: 2))
            let last = try #require(try result[row].decode(Int64?.self, at: 3))
            let positions = try await connection.query(
                "SELECT global_position FROM events WHERE stream_id = $1 AND event_id = ANY ($2) ORDER BY stream_version",
                [.text(stream), .uuidArray(ids)])
            let read = try positions.rows.map { try $0.decode(Int64.self, at: 0) }
            #expect(read.count == written)
            #expect(read.first == first && read.last == last)
        }
        #expect(try await count(database) == 3 + 5)
        #expect(try await count(database, "SELECT count(*) FROM events WHERE event_id = '\(ids[4].uuidString)'") == 0)
        #expect(try await log.streamVersion("s-old") == 1)
        #expect(try await log.streamVersion("s-adv") == 3)
        #expect(try await log.streamVersion("s-new") == 3)
    }

    @Test("the append function carries its settings: index probes only, and one generic plan rather than one per batch")
    func appendPlanSettings() async throws {
        let database = try await TestPostgres.freshDatabase("appendplan")
        let connection = try await database.superuserConnection()
        let settings = try await connection.query("SELECT unnest(proconfig) FROM pg_proc WHERE proname = 'sb_append_batch'")
        let values = try (0..<settings.rowCount).map { try settings[$0].decode(String.self, at: 0) }
        #expect(Set(values) == ["enable_seqscan=off", "plan_cache_mode=force_generic_plan"])
    }
}

@Suite("LZ4 frames")
struct LZ4FrameTests {
    @Test("round trip of empty, small, large and incompressible inputs")
    func roundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for input in [[], Array("x".utf8), Array(String(repeating: "abc", count: 50_000).utf8), random] {
            #expect(try LZ4Frame.decompress(try LZ4Frame.compress(input)) == input)
        }
    }

    @Test("a corrupted or truncated frame is a clear error, not a crash")
    func corrupted() throws {
        let frame = try LZ4Frame.compress(Array(String(repeating: "hello world ", count: 1000).utf8))
        var flipped = frame
        flipped[frame.count / 2] ^= 0xFF
        let truncated = Array(frame.prefix(frame.count - 10))
        for bad in [flipped, truncated, [0x04, 0x22, 0x4D], Array("plain json".utf8)] {
            let error = #expect(throws: EventLogError.self) { try LZ4Frame.decompress(bad) }
            #expect(error?.code == .corruptPayload)
        }
        let codec = PayloadCodec()
        #expect(throws: EventLogError.self) { try codec.decode(kind: 9, [1, 2]) }
    }
}

@Suite("Event ids")
struct TimeOrderedUUIDTests {
    @Test("default event ids are version 7, carry the time, and sort by it")
    func versionSeven() {
        let earlier = UUID.timeOrdered(now: Date(timeIntervalSince1970: 1_700_000_000))
        let later = UUID.timeOrdered(now: Date(timeIntervalSince1970: 1_700_000_001))
        for id in [earlier, later, NewEvent(type: "a.b", payload: payload("x")).id] {
            #expect(id.uuid.6 >> 4 == 7)
            #expect(id.uuid.8 >> 6 == 0b10)
        }
        #expect(earlier.uuidString < later.uuidString)
        #expect(earlier.uuidString.lowercased().hasPrefix("018bcfe5-6800"))
        #expect(Set((0..<1000).map { _ in UUID.timeOrdered() }).count == 1000)
    }

    @Test("within one millisecond, ids carry the fraction of it and still sort by time")
    func subMillisecondOrder() {
        let instants = [0.0, 0.000_25, 0.000_5, 0.000_999].map { Date(timeIntervalSince1970: 1_700_000_000 + $0) }
        let ids = instants.map { UUID.timeOrdered(now: $0) }
        // Same millisecond: the first 48 bits agree; the 12 bits after the version grow with the fraction.
        #expect(Set(ids.map { $0.uuidString.prefix(13) }).count == 1)
        let fractions = ids.map { Int($0.uuid.6 & 0x0F) << 8 | Int($0.uuid.7) }
        #expect(fractions == fractions.sorted() && Set(fractions).count == 4)
        #expect(fractions.first! <= 4 && fractions.last! >= 4080)
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
    }
}
