import BHYTVerifier
import CoreMetrics
import Metrics
import Prometheus
import NIOConcurrencyHelpers
import BHYTCard

/// The service's metrics through swift-metrics, exported by `/metrics` in the Prometheus text
/// format: verdicts by status and reason code, request latency by route, the lists' age.
final class ServiceMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let listAge: CoreMetrics.Gauge
    private let listKeys: CoreMetrics.Gauge
    private let listRevocations: CoreMetrics.Gauge

    /// swift-metrics has one backend per process: the first service bootstraps it; any later
    /// one in the same process (tests) reports into the same registry.
    private static let shared = NIOLockedValueBox<PrometheusCollectorRegistry?>(nil)

    init() {
        registry = ServiceMetrics.shared.withLockedValue { shared in
            if let shared { return shared }
            let registry = PrometheusCollectorRegistry()
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.defaultDurationHistogramBuckets = [
                .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
            ]
            MetricsSystem.bootstrap(factory)
            shared = registry
            return registry
        }
        listAge = CoreMetrics.Gauge(label: "bhyt_list_age_seconds")
        listKeys = CoreMetrics.Gauge(label: "bhyt_trust_keys")
        listRevocations = CoreMetrics.Gauge(label: "bhyt_revocation_entries")
    }

    /// One verdict: counted by status and its first error's code (else first warning's, else NONE).
    func count(_ verdict: Verdict) {
        let reason = (verdict.findings.first { $0.severity == .error } ?? verdict.findings.first)?.code.rawValue ?? "NONE"
        CoreMetrics.Counter(label: "bhyt_verdicts_total", dimensions: [("status", verdict.status.rawValue), ("reason", reason)]).increment()
    }

    /// One request's duration, by route and status class.
    func request(route: String, method: String, status: Int, nanoseconds: UInt64) {
        CoreMetrics.Timer(label: "bhyt_request_duration_seconds",
                      dimensions: [("route", route), ("method", method), ("status", "\(status / 100)xx")])
            .recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// The Prometheus text, with the lists' gauges brought up to date first.
    func exposition(lists: LoadedLists, now: Int64) -> [UInt8] {
        listAge.record(Double(max(0, now - lists.loadedAt)))
        listKeys.record(Double(lists.trust.keys.count))
        listRevocations.record(Double(lists.revocations.count))
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        registry.emit(into: &out)
        return out
    }
}
