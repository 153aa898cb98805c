import EventLog
import Foundation
import Postgres
import Synchronization
import SwitchboardTestSupport
import Testing

@Suite("Event log reads, upcasting, immutability, tamper evidence")
struct EventLogReadTests {
    @Test("reading all filters by event type and stream category, in log order")
    func filters() async throws {
        let database = try await TestPostgres.freshDatabase("filters")
        let log = database.eventLog()
        defer { log.shutdown() }
        try await log.append([NewEvent(type: "message.received", payload: payload("1"))], to: "conversation-a")
        try await log.append([NewEvent(type: "agent.replied", payload: payload("2"))], to: "agent-x")
        try await log.append([NewEvent(type: "message.received", payload: payload("3"))], to: "conversation-b")
        try await log.append([NewEvent(type: "outbound.queued", payload: payload("4"))], to: "conversation-a")

        let all = try await log.readAllOnceVisible(count: 4)
        try #require(all.count == 4)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.position < $1.position })
        let received = try await log.readAll(filter: EventFilter(types: ["message.received"]))
        #expect(received.map(\.streamID) == ["conversation-a", "conversation-b"])
        let conversations = try await log.readAll(filter: EventFilter(categories: ["conversation"]))
        #expect(conversations.count == 3)
        let both = try await log.readAll(filter: EventFilter(types: ["outbound.queued"], categories: ["conversation"]))
        #expect(both.map(\.type) == ["outbound.queued"])
        let afterFirst = try await log.readAll(after: all[0].position)
        #expect(afterFirst.map(\.id) == all.dropFirst().map(\.id))
        let paged = try await log.readAll(limit: 2)
        #expect(paged.map(\.id) == all.prefix(2).map(\.id))
    }

    @Test("the whole log read page by page is what reading it at once gives, from any place")
    func pagesReadAhead() async throws {
        let database = try await TestPostgres.freshDatabase("pages")
        let log = database.eventLog()
        defer { log.shutdown() }
        var emptyLogPages = 0
        for try await _ in log.pages(pageSize: 100) { emptyLogPages += 1 }
        #expect(emptyLogPages == 0)
        for index in 0..<25 {
            let events = (0..<10).map { NewEvent(type: "message.received", payload: payload("\(index)-\($0)")) }
            try await log.append(events, to: "conversation-\(index % 5)")
        }
        let all = try await log.readAllOnceVisible(count: 250)
        var pages: [[RecordedEvent]] = []
        for try await page in log.pages(pageSize: 100) { pages.append(page) }
        #expect(pages.map(\.count) == [100, 100, 50])
        #expect(pages.flatMap { $0 } == all)
        var rest: [RecordedEvent] = []
        for try await page in log.pages(after: all[136].position, pageSize: 100) { rest += page }
        #expect(rest == Array(all[137...]))
        var none: [RecordedEvent] = []
        for try await page in log.pages(after: all[249].position, pageSize: 100) { none += page }
        #expect(none.isEmpty)
    }

    @Test("a page in subscription order walks the index, never sorting what follows, even before the log has statistics")
    func subscriptionOrderPlanWithoutStatistics() async throws {
        let database = try await TestPostgres.freshDatabase("readplan")
        let owner = try await database.superuserConnection()
        try await owner.execute("ALTER TABLE events SET (autovacuum_enabled = false)")
        let log = database.eventLog()
        defer { log.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for stream in 0..<30 {
                group.addTask {
                    let events = (0..<100).map { NewEvent(type: "message.received", payload: payload("\($0)")) }
                    try await log.append(events, to: "conversation-\(stream)")
                }
            }
            try await group.waitForAll()
        }
        let statistics = try await owner.query("SELECT count(*) FROM pg_stats WHERE tablename = 'events'")
        #expect(try statistics[0].decode(Int64.self, at: 0) == 0)

        var readerConfiguration = database.applicationConfiguration
        readerConfiguration.sessionSettings = EventLog.readerSettings
        let reader = try await PostgresConnection.connect(readerConfiguration)
        #expect(try await reader.query("SHOW role")[0].decode(String.self, at: 0) == "switchboard_app")
        let plan = try await reader.query(
            "EXPLAIN " + EventLog.readAllSQL(limit: 10_000), [.xid8(0), .int64(0)])
        let lines = try (0..<plan.rowCount).map { try plan[$0].decode(String.self, at: 0) }.joined(separator: "\n")
        #expect(lines.contains("Index Scan using events_subscription_order"), "\(lines)")
        #expect(!lines.contains("Sort"), "\(lines)")
        #expect(try await log.readAllOnceVisible(count: 3000, limit: 10_000).count == 3000)
    }

    @Test("the latest event of some types before a version: of any of them, or of each one")
    func latestEvents() async throws {
        let database = try await TestPostgres.freshDatabase("latest")
        let log = database.eventLog()
        defer { log.shutdown() }
        let types = ["consent.recorded", "message.received", "consent.recorded", "message.received", "outbound.queued"]
        try await log.append(types.enumerated().map { NewEvent(type: $1, payload: payload("\($0 + 1)")) }, to: "conversation-a")
        try await log.append([NewEvent(type: "consent.recorded", payload: payload("other"))], to: "conversation-b")

        #expect(try await log.lastEvent(in: "conversation-a", ofTypes: ["consent.recorded", "outbound.queued"])?.streamVersion == 5)
        #expect(try await log.lastEvent(in: "conversation-a", ofTypes: ["consent.recorded", "outbound.queued"], before: 5)?.streamVersion == 3)
        #expect(try await log.lastEvent(in: "conversation-a", ofTypes: ["handoff.requested"]) == nil)

        let before4 = try await log.lastEvents(
            in: "conversation-a", ofEachType: ["consent.recorded", "message.received", "outbound.queued", "handoff.requested"], before: 4)
        #expect(before4.mapValues(\.streamVersion) == ["consent.recorded": 3, "message.received": 2])
        let all = try await log.lastEvents(in: "conversation-a", ofEachType: ["message.received", "outbound.queued"])
        #expect(all.mapValues(\.streamVersion) == ["message.received": 4, "outbound.queued": 5])
        #expect(try all["outbound.queued"]?.decodePayload([String: String].self)["text"] == "5")
        #expect(try await log.lastEvents(in: "conversation-c", ofEachType: ["consent.recorded"]).isEmpty)
    }

    @Test("a conversation's handoff, consent and received-message lookups walk their own indexes, however long the conversation, in a generic plan too")
    func controlLookupsSkipTheConversation() async throws {
        let database = try await TestPostgres.freshDatabase("control_lookups")
        let log = database.eventLog()
        defer { log.shutdown() }
        try await log.append([NewEvent(type: "agent.handoff_requested", payload: payload("h"))], to: "conversation-long")
        for batch in 0..<20 {
            try await log.append(
                (0..<100).map { NewEvent(type: $0 == 0 ? "message.received" : "outbound.delivered", payload: payload("\(batch)-\($0)")) },
                to: "conversation-long")
        }
        let wanted = ["message.received", "agent.handoff_requested", "handoff.closed"]
        let latest = try await log.lastEvents(in: "conversation-long", ofEachType: wanted)
        #expect(latest.mapValues(\.streamVersion) == ["message.received": 1902, "agent.handoff_requested": 1])

        // The statement repeats each partial index's predicate as its migration wrote it.
        let superuser = try await database.superuserConnection()
        for index in EventLog.streamTypeIndexes {
            let found = try await superuser.query("SELECT indexdef FROM pg_indexes WHERE indexname = $1", [.text(index.name)])
            let definition = try found[0].decode(String.self, at: 0)
            #expect(index.types.allSatisfy { definition.contains("'\($0)'") }, "\(index.name)")
            #expect(definition.components(separatedBy: "::text").count - 1 == index.types.count, "\(index.name)")
        }
        // A pooled statement soon keeps one generic plan: with it, as with a plan for these values,
        // each lookup walks its own index and passes over none of the 1,900 other events.
        try await superuser.execute("SET plan_cache_mode = force_generic_plan")
        try await superuser.execute("PREPARE latest(text, bigint, text, text, text) AS " + EventLog.lastEventsSQL(wanted))
        let literals = "'conversation-long', \(Int64.max), " + wanted.map { "'\($0)'" }.joined(separator: ", ")
        let generic = try await superuser.query("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE latest(\(literals))")
        let custom = try await log.pool.query(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + EventLog.lastEventsSQL(wanted), [.text("conversation-long"), .int64(.max)] + wanted.map { .text($0) })
        for explained in [generic, custom] {
            var indexes: [String] = []
            var removed = 0
            func walk(_ node: Any) {
                if let object = node as? [String: Any] {
                    if let name = object["Index Name"] as? String { indexes.append(name) }
                    removed += (object["Rows Removed by Filter"] as? Int) ?? 0
                    object.values.forEach(walk)
                } else if let array = node as? [Any] {
                    array.forEach(walk)
                }
            }
            walk(try JSONSerialization.jsonObject(with: Data(try explained[0].decode(String.self, at: 0).utf8)))
            #expect(indexes.contains("events_conversation_controls") && indexes.contains("events_conversation_received"), "\(indexes)")
            #expect(removed < 10)
        }
    }

    @Test("seals over the subscription order catch a stream removed whole, head and all")
    func seals() async throws {
        let database = try await TestPostgres.freshDatabase("seals")
        let log = database.eventLog()
        defer { log.shutdown() }
        for index in 0..<90 {
            try await log.append([NewEvent(type: "message.received", payload: payload("\(index)"))], to: "conversation-\(index % 3)")
        }
        // Seals cover only what is below the transaction-id barrier: wait until all 90 are readable.
        _ = try await log.readAllOnceVisible(count: 90)
        var sealer = LogSealer(pool: log.pool, maximumEventsPerSeal: 40)
        var sealed: [LogSeal] = []
        while let seal = try await sealer.sealNext() { sealed.append(seal) }
        #expect(sealed.map(\.eventCount) == [40, 40, 10])
        #expect(try await sealer.sealNext() == nil)
        sealer.maximumEventsPerSeal = 1000
        let intact = try await HashChainVerifier(pool: log.pool).verify()
        #expect(intact.isIntact)
        #expect(intact.sealsChecked == 3)

        // A superuser removes one conversation entirely: every per-stream check still passes.
        let superuser = try await database.superuserConnection()
        try await superuser.execute(
            "SET session_replication_role = replica; DELETE FROM events WHERE stream_id = 'conversation-1'; DELETE FROM streams WHERE stream_id = 'conversation-1'")
        let broken = try await HashChainVerifier(pool: log.pool).verify()
        #expect(!broken.isIntact)
        #expect(broken.problem?.contains("seal 1") == true, "\(broken.problem ?? "")")
        // The application role can neither rewrite nor remove seals.
        let app = try await PostgresConnection.connect(database.applicationConfiguration)
        await #expect(throws: PostgresError.self) { try await app.execute("DELETE FROM log_seals") }
        await #expect(throws: PostgresError.self) { try await app.execute("UPDATE log_seals SET event_count = 0") }
    }

    @Test(
        "readers sharing the newest pages get exactly what Postgres alone returns, at any place and with any filter",
        arguments: [(100, 32 << 20), (20_000, 600)])
    func sharedPages(kept: Int, keptBytes: Int) async throws {
        let database = try await TestPostgres.freshDatabase("sharedpages\(kept)")
        // A window kept to 100 events, or to 600 payload bytes (about 40 of these events).
        var small = EventLog.Configuration()
        small.recentEventsKept = kept
        small.recentEventsMaximumBytes = keptBytes
        let log = database.eventLog(configuration: small)
        var uncached = EventLog.Configuration()
        uncached.recentEventsKept = 0
        let direct = database.eventLog(configuration: uncached)
        defer {
            log.shutdown()
            direct.shutdown()
        }
        let types = ["message.received", "routing.decided", "outbound.queued"]
        for index in 0..<400 {
            let stream = index % 4 == 0 ? "subject-\(index % 7)" : "conversation-\(index % 9)"
            try await log.append([NewEvent(type: types[index % 3], payload: payload("\(index)"))], to: stream)
        }
        let all = try await direct.readAllOnceVisible(count: 400)
        #expect(all.count == 400)
        let filters = [
            EventFilter.all, EventFilter(types: ["outbound.queued"]), EventFilter(categories: ["subject"]),
            EventFilter(types: ["message.received", "routing.decided"], categories: ["conversation"]),
        ]
        // A page from the window may stop at the window's end, short of the scan limit: a reader that
        // goes on from where it stopped must meet exactly the events and the place Postgres gives.
        func same(after position: LogPosition, _ filter: EventFilter, _ scanLimit: Int) async throws {
            let alone = try await direct.readPage(after: position, filter: filter, scanLimit: scanLimit)
            var events: [RecordedEvent] = []
            var through = position
            func index(_ position: LogPosition) -> Int { all.firstIndex { $0.position == position } ?? -1 }
            while let target = alone.scannedThrough, through < target {
                let page = try await log.readPage(after: through, filter: filter, scanLimit: index(target) - index(through))
                guard let next = page.scannedThrough, next > through else { break }
                events += page.events
                through = next
            }
            #expect(events == alone.events, "after \(position), \(filter), scan \(scanLimit)")
            #expect(through == (alone.scannedThrough ?? position), "after \(position), \(filter), scan \(scanLimit)")
        }
        // A reader walking the log fills the window (trimmed as it goes); others
        // read inside it, at its end, behind it (trimmed away) and past the head, filtered or not.
        var cursor = LogPosition.start
        while true {
            let page = try await log.readPage(after: cursor, scanLimit: 60)
            guard let through = page.scannedThrough else { break }
            for filter in filters {
                for back in [1, 30, 59, 150] where all.firstIndex(where: { $0.position == through }).map({ $0 >= back }) == true {
                    let index = all.firstIndex { $0.position == through }! - back
                    try await same(after: all[index].position, filter, 45)
                }
                try await same(after: through, filter, 45)
            }
            cursor = through
        }
        #expect(cursor == all.last?.position)
        // Eight readers at the same place at once: one read serves them all, each gets the same page.
        let start = all[199].position
        let pages = try await withThrowingTaskGroup(of: [RecordedEvent].self) { group in
            for _ in 0..<8 { group.addTask { try await log.readPage(after: start, scanLimit: 1000).events } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(pages.allSatisfy { $0 == Array(all[200...]) })
    }

    @Test("a filtered subscription delivers exactly the matching events and moves past the rest")
    func filteredSubscription() async throws {
        let database = try await TestPostgres.freshDatabase("filteredsub")
        let log = database.eventLog()
        defer { log.shutdown() }
        var expected: [UUID] = []
        for index in 0..<600 {
            let wanted = index % 150 == 149
            let event = NewEvent(type: wanted ? "receipt.recorded" : "message.received", payload: payload("\(index)"))
            if wanted { expected.append(event.id) }
            try await log.append([event], to: "conversation-\(index % 9)")
        }
        // Pages scan 50 events at a time: most pages hold no match, and the cursor must still move on.
        var iterator = log.subscribe(filter: EventFilter(types: ["receipt.recorded"]), batchSize: 50).makeAsyncIterator()
        var seen: [UUID] = []
        while seen.count < expected.count, let event = try await iterator.next() {
            #expect(event.type == "receipt.recorded")
            seen.append(event.id)
        }
        #expect(seen == expected)
        let page = try await log.readPage(after: .start, filter: EventFilter(types: ["receipt.recorded"]), scanLimit: 100)
        #expect(page.events.isEmpty)
        #expect(page.scannedThrough != nil)
        // After the last match the cursor has moved to the end of what was scanned.
        #expect(iterator.cursor.globalPosition >= (try await log.readAll(filter: EventFilter(types: ["receipt.recorded"]))).last!.globalPosition)
    }

    @Test("a paced subscription gathers the commits of its interval into one read and still delivers each event once, in order")
    func pacedSubscription() async throws {
        let database = try await TestPostgres.freshDatabase("pacedsub")
        let log = database.eventLog()
        defer { log.shutdown() }
        try await log.append([NewEvent(type: "message.received", payload: payload("first"))], to: "conversation-0")
        let arrivals = Mutex<[(id: UUID, at: ContinuousClock.Instant)]>([])
        let reader = Task {
            for try await event in log.subscribe(pace: .milliseconds(400)) {
                arrivals.withLock { $0.append((event.id, .now)) }
            }
        }
        defer { reader.cancel() }
        // Caught up: from now on each read waits for its interval.
        for _ in 0..<500 where arrivals.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
        var expected: [UUID] = []
        let appending = ContinuousClock.now
        for index in 0..<30 {
            let event = NewEvent(type: "message.received", payload: payload("\(index)"))
            expected.append(event.id)
            try await log.append([event], to: "conversation-\(index % 3)")
            try await Task.sleep(for: .milliseconds(20))
        }
        for _ in 0..<1000 where arrivals.withLock({ $0.count }) < 31 { try await Task.sleep(for: .milliseconds(10)) }
        let seen = arrivals.withLock { $0 }
        #expect(seen.dropFirst().map(\.id) == expected)
        // Commits 20 ms apart: read on every commit they would arrive in about 30 groups. Paced, a
        // read that finds nothing is followed by the next only 400 ms after it started, so the
        // events come in bursts, each event of a burst right after the last: at most two reads per
        // interval (one that finds events, one that finds none), however slow a loaded machine
        // makes the appends.
        let later = seen.dropFirst()
        let bursts = 1 + zip(later, later.dropFirst()).filter { $1.at - $0.at > .milliseconds(10) }.count
        let intervals = Int(((later.last?.at ?? .now) - appending) / .milliseconds(400))
        #expect(bursts <= 2 * intervals + 2, "events arrived in \(bursts) separate reads over \(intervals) intervals")
    }

    @Test("old schema versions are upcast at read time; the stored event is untouched")
    func upcasting() async throws {
        let database = try await TestPostgres.freshDatabase("upcast")
        var upcasters = EventUpcasters()
        // v1 had "name"; v2 renamed it to "display_name"; v3 added "locale".
        upcasters.register(type: "contact.added", from: 1) { old in
            var new = old
            new["display_name"] = new.removeValue(forKey: "name")
            return new
        }
        upcasters.register(type: "contact.added", from: 2) { old in
            var new = old
            new["locale"] = "en"
            return new
        }
        let writer = database.eventLog()
        defer { writer.shutdown() }
        try await writer.append([NewEvent(type: "contact.added", schemaVersion: 1, payload: Data(#"{"name":"Ada"}"#.utf8))], to: "contact-1")
        try await writer.append([NewEvent(type: "contact.added", schemaVersion: 3, payload: Data(#"{"display_name":"Bo","locale":"de"}"#.utf8))], to: "contact-2")

        let reader = database.eventLog(upcasters: upcasters)
        defer { reader.shutdown() }
        let events = try await reader.readAllOnceVisible(count: 2)
        #expect(events.map(\.schemaVersion) == [3, 3])
        #expect(try events[0].decodePayload([String: String].self) == ["display_name": "Ada", "locale": "en"])
        #expect(try events[1].decodePayload([String: String].self) == ["display_name": "Bo", "locale": "de"])
        let stored = try await database.superuserConnection().query("SELECT schema_version FROM events ORDER BY global_position")
        #expect(try stored[0].decode(Int32.self, at: 0) == 1)
    }

    @Test("the application role cannot UPDATE, DELETE or TRUNCATE events")
    func immutability() async throws {
        let database = try await TestPostgres.freshDatabase("immutable")
        let log = database.eventLog()
        defer { log.shutdown() }
        try await log.append([NewEvent(type: "message.received", payload: payload("keep me"))], to: "conversation-1")
        let app = try await PostgresConnection.connect(database.applicationConfiguration)
        #expect(try await app.query("SELECT current_user")[0].decode(String.self, at: 0) == "switchboard_app")
        for statement in ["UPDATE events SET event_type = 'x'", "DELETE FROM events", "TRUNCATE events"] {
            let error = await #expect(throws: PostgresError.self) { try await app.execute(statement) }
            #expect(error?.sqlState == PostgresError.SQLState.insufficientPrivilege, "\(statement)")
        }
        // Even the owner is stopped by the trigger.
        let owner = try await database.superuserConnection()
        await #expect(throws: PostgresError.self) { try await owner.execute("DELETE FROM events") }
        #expect(try await count(database) == 1)
    }

    @Test("changing one payload byte as superuser is detected at that position")
    func tamperEvidence() async throws {
        let database = try await TestPostgres.freshDatabase("tamper")
        let log = database.eventLog()
        defer { log.shutdown() }
        for index in 0..<50 {
            try await log.append([NewEvent(type: "message.received", payload: payload("m\(index)"))], to: "conversation-\(index % 7)")
        }
        let verifier = HashChainVerifier(pool: log.pool, pageSize: 16)
        let intact = try await verifier.verify()
        #expect(intact.isIntact)
        #expect(intact.eventsChecked == 50)

        let target = try await log.readStream("conversation-3")[2].globalPosition
        let superuser = try await database.superuserConnection()
        try await superuser.execute("SET session_replication_role = replica")
        try await superuser.query(
            "UPDATE events SET payload = set_byte(payload, 3, get_byte(payload, 3) # 1) WHERE global_position = $1", [.int64(target)])
        let broken = try await verifier.verify()
        #expect(!broken.isIntact)
        #expect(broken.firstBrokenPosition == target)

        // Deleting a stream's last event is caught through the stream's recorded head.
        let database2 = try await TestPostgres.freshDatabase("tamper2")
        let log2 = database2.eventLog()
        defer { log2.shutdown() }
        try await log2.append([NewEvent(type: "a.b", payload: payload("1")), NewEvent(type: "a.b", payload: payload("2"))], to: "s-1")
        let superuser2 = try await database2.superuserConnection()
        try await superuser2.execute("SET session_replication_role = replica; DELETE FROM events WHERE stream_version = 2")
        let truncated = try await HashChainVerifier(pool: log2.pool).verify()
        #expect(truncated.problem?.contains("s-1") == true)
    }
}
