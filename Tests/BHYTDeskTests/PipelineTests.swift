import BHYTDesk
import Testing

@Suite struct PipelineTests {
    @Test func orderedParallelKeepsOrder() {
        var out: [Int] = []
        OrderedParallelMap.run(0..<10_000, threads: 4, chunkSize: 333, transform: { $0 * 2 }, emit: { _, r in out.append(r) })
        #expect(out == (0..<10_000).map { $0 * 2 })
    }
}
