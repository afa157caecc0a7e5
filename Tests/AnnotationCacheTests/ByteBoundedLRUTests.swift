import Testing

@testable import AnnotationCache

@Suite struct ByteBoundedLRUTests {
    @Test func evictsLeastRecentlyUsedUntilTheCostFits() {
        var lru = ByteBoundedLRU<String, Int>(capacity: 100)
        lru.set("a", 1, cost: 40)
        lru.set("b", 2, cost: 40)
        #expect(lru.value(for: "a") == 1)  // a is now the most recent
        lru.set("c", 3, cost: 40)  // evicts b
        #expect(lru.peek("b") == nil)
        #expect(lru.keysByRecency == ["c", "a"])
        #expect(lru.totalCost == 80)
        #expect(lru.evictions == 1)
    }

    @Test func replacingAKeyUpdatesItsCostAndAnOversizedValueIsNotKept() {
        var lru = ByteBoundedLRU<String, Int>(capacity: 100)
        lru.set("a", 1, cost: 30)
        lru.set("a", 2, cost: 50)
        #expect(lru.totalCost == 50)
        #expect(lru.count == 1)
        lru.set("huge", 3, cost: 101)
        #expect(lru.peek("huge") == nil)
        #expect(lru.peek("a") == 2)
        lru.removeAll { $0 == "a" }
        #expect(lru.count == 0 && lru.totalCost == 0)
    }

    @Test func manyOperationsKeepTheBound() {
        var lru = ByteBoundedLRU<Int, Int>(capacity: 1000)
        for index in 0..<5000 {
            lru.set(index % 300, index, cost: 1 + index % 17)
            if index % 3 == 0 { _ = lru.value(for: index % 7) }
            #expect(lru.totalCost <= 1000)
        }
        #expect(lru.keysByRecency.count == lru.count)
    }
}
