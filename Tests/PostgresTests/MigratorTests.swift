import Foundation
import Migrations
import Postgres
import SwitchboardTestSupport
import Testing

@Suite("Migrations")
struct MigratorTests {
    @Test("two processes migrating at once apply each file exactly once")
    func concurrentMigrate() async throws {
        let database = try await TestPostgres.freshDatabase("migrate")
        let extra = Migration(name: "9001_probe.sql", sql: "CREATE TABLE probe (id int); INSERT INTO probe VALUES (1);")
        let migrator = Migrator(migrations: try Migration.bundled() + [extra])
        let first = try await database.superuserConnection()
        let second = try await database.superuserConnection()
        async let a = migrator.migrate(on: first)
        async let b = migrator.migrate(on: second)
        let applied = try await a + b
        #expect(applied == ["9001_probe.sql"])
        #expect(try await first.query("SELECT count(*) FROM probe")[0].decode(Int64.self, at: 0) == 1)
        let status = try await migrator.status(on: first)
        #expect(status.allSatisfy { $0.applied })
    }

    @Test("an applied file that changed is refused, naming the file")
    func changedFile() async throws {
        let database = try await TestPostgres.freshDatabase("checksum")
        let connection = try await database.superuserConnection()
        var migrations = try Migration.bundled()
        let last = migrations.removeLast()
        migrations.append(Migration(name: last.name, sql: last.sql + "\n-- edited\n"))
        let error = await #expect(throws: MigrationError.self) {
            try await Migrator(migrations: migrations).migrate(on: connection)
        }
        #expect(error?.code == .checksumMismatch)
        #expect(error?.migration == last.name)
    }
}
