import Foundation

/// Memory this process can still take: the kernel's MemAvailable, or less if a cgroup limit
/// (v2 memory.max, or v1 memory.limit_in_bytes) leaves less room.
public enum AvailableMemory {
    public static func bytes() -> Int? {
        let figures = [meminfoAvailable(), cgroupRoom(limit: "/sys/fs/cgroup/memory.max", usage: "/sys/fs/cgroup/memory.current"),
                       cgroupRoom(limit: "/sys/fs/cgroup/memory/memory.limit_in_bytes", usage: "/sys/fs/cgroup/memory/memory.usage_in_bytes")]
        return figures.compactMap { $0 }.min()
    }

    private static func read(_ path: String) -> String? {
        // These files are a few hundred bytes; the bound keeps a surprise from costing more.
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 1 << 16)).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func meminfoAvailable() -> Int? {
        guard let text = read("/proc/meminfo"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }) else { return nil }
        let fields = line.split(separator: " ")
        guard fields.count >= 2, let kB = Int(fields[1]) else { return nil }
        return kB * 1024
    }

    private static func cgroupRoom(limit: String, usage: String) -> Int? {
        guard let l = read(limit).flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }),
              let u = read(usage).flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else { return nil }
        return max(0, l - u)
    }
}
