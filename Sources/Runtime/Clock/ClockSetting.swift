import Foundation
import Warehouse

/// Which clock a warehouse runs on, remembered in its settings: a simulated instant (demo and replays) or the wall.
public enum ClockSetting {
    static let key = "clock.simulated_now"

    /// The warehouse's runtime clock: simulated when an instant is stored, otherwise the wall clock.
    public static func clock(for warehouse: Warehouse) throws -> any RuntimeClock {
        if let stored = try warehouse.setting(key), let instant = PipelineCalendar.parseTimestamp(stored) {
            return VirtualClock(start: instant)
        }
        return WallClock()
    }

    public static func setSimulated(_ instant: Date, in warehouse: Warehouse) throws {
        try warehouse.setSetting(key, PipelineCalendar.timestamp(instant))
    }

    public static func useWallClock(in warehouse: Warehouse) throws {
        try warehouse.setSetting(key, nil)
    }
}
