import Dispatch
import SluiceEventLog
import SluiceHTTP
import SluiceHTTPCore
import SluiceJSON
import SluiceObservability

/// Evaluates an analysis's checks on freshly computed annotations (the consumer's, i.e. live
/// windows; rebuilds of history raise nothing): for each of the newest `windowsChecked`
/// windows and each group, each check passes, fails or cannot tell. A check that starts
/// failing raises its alert: `sluice.alert.raised` is published and, when configured, the
/// alert is POSTed to the webhook (in the background, with the client's retries); one that
/// passes again resolves it. Never throws: a failure here must not hold the consumer back.
public final class CheckRunner: Sendable {
    public let alerts: AlertStore
    public let computer: WindowComputer
    public let log: any EventLog
    public let webhookURL: String?
    public let windowsChecked: Int
    private let client: HTTPClient
    private let logger: Logger
    private let webhookQueue = DispatchQueue(label: "sluice.analytics.webhook")

    public init(
        alerts: AlertStore, computer: WindowComputer, log: any EventLog, webhookURL: String?, logger: Logger,
        windowsChecked: Int = 3
    ) {
        self.alerts = alerts
        self.computer = computer
        self.log = log
        self.webhookURL = webhookURL
        self.logger = logger
        self.windowsChecked = windowsChecked
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = .seconds(2)
        configuration.readTimeout = .seconds(5)
        configuration.deadline = .seconds(30)
        client = HTTPClient(configuration: configuration)
    }

    /// The subject of an annotation: the analysis, with its group when it has one.
    public static func subject(analysis: String, group: JSONObject) -> String {
        group.isEmpty ? analysis : analysis + String(decoding: JSONSerializer.canonical(.object(group)), as: UTF8.self)
    }

    /// Checks the annotations of the newest windows among `annotations`.
    public func evaluate(_ analysis: Analysis, annotations: [WindowAnnotation]) {
        let checks = analysis.definition.checks
        guard !checks.isEmpty else { return }
        let newest = Set(Array(Set(annotations.map(\.windowStart))).sorted().suffix(windowsChecked))
        for annotation in annotations where newest.contains(annotation.windowStart) {
            let subject = Self.subject(analysis: analysis.name, group: annotation.group)
            for check in checks {
                do {
                    let observed = check.value == "eventCount"
                        ? Double(annotation.eventCount) : annotation.values[check.value]?.double
                    var trailing: [Double] = []
                    if case .band(_, let weeks) = check.rule {
                        let starts = (1...weeks).map {
                            Timestamp(microsecondsSinceEpoch: annotation.windowStart.microsecondsSinceEpoch - Int64($0) * 7 * 86_400_000_000)
                        }
                        // Only weeks in which the window (and group) had events: an empty window
                        // computed before the topic had data, or during an outage, is no baseline.
                        trailing = try computer.compute(analysis.definition, windowStarts: starts)
                            .filter { $0.group == annotation.group && $0.eventCount > 0 }
                            .compactMap { check.value == "eventCount" ? Double($0.eventCount) : $0.values[check.value]?.double }
                    }
                    switch check.evaluate(observed: observed, trailing: trailing) {
                    case .failing(let observed, let expected):
                        let window = annotation.windowStart..<annotation.windowEnd
                        if try alerts.fail(
                            analysis: analysis.name, check: check, subject: subject, observed: observed, expected: expected,
                            window: window)
                        {
                            raise(analysis: analysis.name, check: check, subject: subject, observed: observed, expected: expected, window: window)
                        }
                    case .passing:
                        if try alerts.pass(analysis: analysis.name, check: check, subject: subject) {
                            logger.info("alert resolved", [("check", "\(analysis.name)/\(check.name)"), ("subject", subject)])
                        }
                    case .unknown:
                        break
                    }
                } catch {
                    logger.warning("check failed to run", [("check", check.name), ("error", String(describing: error))])
                }
            }
        }
    }

    private func raise(analysis: String, check: Check, subject: String, observed: Double, expected: Double, window: Range<Timestamp>) {
        logger.warning("alert raised", [("check", "\(analysis)/\(check.name)"), ("subject", subject)])
        let data = AlertRaised(
            check: "\(analysis)/\(check.name)", subject: subject, window: TimeWindow(from: window.lowerBound, to: window.upperBound),
            observed: observed, expected: expected, severity: check.severity)
        guard let event = try? data.cloudEvent(
            source: WindowPipeline.source, time: Timestamp.now(), subject: subject,
            id: "alert-\(analysis)-\(check.name)-\(Timestamp.now().microsecondsSinceEpoch)-\(UInt32.random(in: 0...UInt32.max))")
        else { return }
        _ = try? log.append([event.appendRecord(appendTime: Timestamp.now())], to: AlertRaised.topic)
        guard let webhookURL else { return }
        let body = JSONSerializer.serialize(event.json)
        webhookQueue.async { [client, logger] in
            let request = HTTPClientRequest(
                method: .post, url: webhookURL, headers: ["Content-Type": "application/cloudevents+json"], body: body,
                idempotent: true)
            do {
                let response = try client.execute(request)
                if !(200..<300).contains(response.status.code) {
                    logger.warning("alert webhook refused", [("status", String(response.status.code))])
                }
            } catch {
                logger.warning("alert webhook unreachable", [("error", String(describing: error))])
            }
        }
    }
}
