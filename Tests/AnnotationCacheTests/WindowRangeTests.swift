import Testing

@testable import AnnotationCache

@Suite struct WindowRangeTests {
    let hour: Int64 = 3_600_000_000

    @Test func widensToWholeWindows() {
        let range = WindowRange(from: 2 * hour + 5, to: 4 * hour + 1).widened(toWindowsOf: hour)
        #expect(range == WindowRange(from: 2 * hour, to: 5 * hour))
        #expect(WindowRange(from: 2 * hour, to: 3 * hour).widened(toWindowsOf: hour) == WindowRange(from: 2 * hour, to: 3 * hour))
        #expect(WindowRange(from: -hour - 1, to: -1).widened(toWindowsOf: hour) == WindowRange(from: -2 * hour, to: 0))
    }

    @Test func coalescesContiguousWindows() {
        let ranges = WindowRange.coalesce(starts: [0, hour, 3 * hour, 5 * hour, 6 * hour], length: hour)
        #expect(ranges == [
            WindowRange(from: 0, to: 2 * hour), WindowRange(from: 3 * hour, to: 4 * hour),
            WindowRange(from: 5 * hour, to: 7 * hour),
        ])
    }
}
