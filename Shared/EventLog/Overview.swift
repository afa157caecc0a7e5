// SluiceEventLog: an overview for readers (no code here).
//
// # The event log
//
//     try EventLogSchema.migrate(pool: pool)                       // at start-up, under an advisory lock
//     let log = PostgresEventLog(connections: pool, metrics: EventLogMetrics(registry: registry))
//     let topic = TopicName("page_view")!
//     try log.createTopic(topic, retention: RetentionPolicy(days: 30))
//     try pool.withTransaction { connection in                    // the outbox pattern:
//         try connection.execute("UPDATE ingest.stats SET ...")   //   your change and
//         _ = try log.append(records, to: topic, on: connection)   //   the records commit together
//     }
//     let notifier = PostgresAppendNotifier(url: databaseURL)     // one LISTEN connection per process
//     let consumer = Consumer(log: log, group: GroupName("analytics")!, topic: topic,
//                             member: "analytics-\(hostname)-\(pid)", notifier: notifier)
//     Thread { consumer.run { record in try handle(record) } }.start()   // consumer.stop() to end
//     try log.publish(AnalysisCompleted(...), source: "/sluice/analytics", id: runID)  // system events
//     let loop = MaintenanceLoop(log: log)                        // retention + partitions ahead, hourly
//
// ## Guarantees and how they are kept
//
// - Offsets 1, 2, 3, ... per topic, gap-free, in commit order: an append locks its topic's
//   counter row (`eventlog.topics.next_offset`) until its transaction ends. See the comment
//   at the top of `Postgres/PostgresEventLog+Append.swift` for the argument and the cost
//   (appends to one topic serialize while their transactions are open).
// - Duplicates: `eventlog.record_ids` (primary key topic_id, id) is the dedup index; the append
//   reports every input as `.appended(offset:)` or `.duplicate(existingOffset:)`, in order.
// - Consumer groups: `claim` leases a range of committed offsets to one member (`ClaimPlanner`
//   decides, under the group row's lock); `complete` marks it handled and advances the group's
//   committed offset over contiguous completed ranges. Expired leases are taken over first.
//   At-least-once: a member that dies before `complete` has its range redelivered.
// - Wake-ups: appends `pg_notify('eventlog', topic)` inside their transaction (delivered at
//   commit); `PostgresAppendNotifier` raises the consumers' `WakeupSignal`s; consumers also
//   poll every `ConsumerConfiguration.pollInterval` (1 s by default).
// - Failures: `Consumer` retries a record `maxAttempts` times with `Backoff` (full jitter),
//   then parks it in `eventlog.dead_letters` and moves on; `replayDeadLetters` and
//   `removeDeadLetters` bring them back or discard them.
// - Retention: `eventlog.records` is partitioned by (topic_id, event-time day), one table per
//   topic and day (`PartitionName`); `runMaintenance()` (or `MaintenanceLoop(log:)`, hourly,
//   in every replica: a pass takes an advisory lock) creates partitions ahead and drops
//   expired ones with DETACH PARTITION ... CONCURRENTLY, so appends never wait for it.
//
// ## Files
//
// - `EventLog.swift`: the protocol. `Model/`: names, records, results, claims, errors.
// - `Consumer/`: the pure `ClaimPlanner`, `Backoff`, the `Consumer` loop, dead-letter replay.
// - `Postgres/`: the default engine, its schema (`EventLogSchema`), and the LISTEN notifier.
// - `Retention/`: partition names and the retention decisions (pure).
// - `InMemory/`: the same semantics in memory, for services' unit tests.
// - `CloudEvents/`: the CloudEvents 1.0 envelope of system topics and their typed data.
