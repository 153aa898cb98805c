import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only questions about paths that the cluster asks before touching them.
enum FileSystemProbe {
    /// The absolute paths of every parent directory of `path`, from `/` down, without `path` itself.
    static func parents(of path: String) -> [String] {
        let components = path.split(separator: "/").map(String.init)
        guard components.count > 1 else { return ["/"] }
        var result = ["/"]
        var current = ""
        for component in components.dropLast() {
            current += "/" + component
            result.append(current)
        }
        return result
    }

    /// Whether `account` may search (`x`) the directory at `path`; a missing path counts as
    /// searchable because the cluster creates missing parents with mode 0755.
    static func isTraversable(_ path: String, by account: ServerAccount) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }
        if account.uid == 0 { return true }
        let mode = info.st_mode
        if info.st_uid == account.uid { return mode & S_IXUSR != 0 }
        if info.st_gid == account.gid { return mode & S_IXGRP != 0 }
        return mode & S_IXOTH != 0
    }

    /// Resolves symbolic links in the longest existing prefix of an absolute path and appends
    /// the rest unchanged, so a path that does not exist yet still resolves its parents.
    static func resolveExistingPrefix(_ path: String) -> String {
        var existing = path
        var missing: [String] = []
        while existing != "/" && !exists(existing) {
            let url = URL(fileURLWithPath: existing)
            missing.insert(url.lastPathComponent, at: 0)
            existing = url.deletingLastPathComponent().path
        }
        guard let resolved = realpath(existing, nil) else { return path }
        defer { free(resolved) }
        var result = String(cString: resolved)
        for component in missing {
            result += (result.hasSuffix("/") ? "" : "/") + component
        }
        return result
    }

    /// Whether something (file, directory or link) exists at `path`, without following a final link.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The owner of `path`, not following a final link; `nil` when it does not exist.
    static func owner(of path: String) -> (uid: uid_t, gid: gid_t, mode: mode_t)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (info.st_uid, info.st_gid, info.st_mode)
    }

    /// Whether `path` is a directory (following links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` is a symbolic link.
    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// The last `maximumLines` lines of a text file, reading at most its last 16 KiB.
    static func tail(of url: URL, maximumLines: Int = 25) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        let start = size > 16_384 ? size - 16_384 : 0
        guard (try? handle.seek(toOffset: start)) != nil,
            let data = try? handle.readToEnd()
        else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let trimmed = lines.last == "" ? lines.dropLast() : lines[...]
        return trimmed.suffix(maximumLines).joined(separator: "\n")
    }
}
