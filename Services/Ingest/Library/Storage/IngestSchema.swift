import SluicePostgres

/// Ingest's own schema, `ingest` (migrated at start-up by `ServiceRuntime`).
///
/// - `topics`: the registry's view of a topic (description, retention, compatibility mode);
///   the records themselves live in the event log's `eventlog` schema.
/// - `schemas`: every registered version, as the JSON text it was registered with.
/// - `dead_letters`: rejected events, as sent (JSON text, so big numbers and `\u0000` escapes
///   survive), with their errors; written in the same transaction as the accepted events.
/// - `drift`: per topic, kind (`violation`, `unknown_field`) and path, how often and when.
public enum IngestSchema {
    public static let name: PostgresIdentifier = "ingest"

    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "registry, dead letters, drift",
            sql: """
                CREATE TABLE ingest.topics (
                    name text PRIMARY KEY,
                    description text NOT NULL DEFAULT '',
                    retention_days integer CHECK (retention_days >= 1),
                    compatibility text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE ingest.schemas (
                    topic text NOT NULL REFERENCES ingest.topics (name),
                    version integer NOT NULL CHECK (version >= 1),
                    schema text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (topic, version)
                );
                CREATE TABLE ingest.dead_letters (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    topic text NOT NULL,
                    event text NOT NULL,
                    errors text NOT NULL,
                    schema_version integer,
                    producer_key_id text,
                    traceparent text,
                    received_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX dead_letters_topic ON ingest.dead_letters (topic, id);
                CREATE INDEX dead_letters_received ON ingest.dead_letters (received_at, id);
                CREATE TABLE ingest.drift (
                    topic text NOT NULL,
                    kind text NOT NULL,
                    path text NOT NULL,
                    count bigint NOT NULL,
                    first_seen timestamptz NOT NULL,
                    last_seen timestamptz NOT NULL,
                    sample text NOT NULL,
                    PRIMARY KEY (topic, kind, path)
                );
                """)
    ]
}

/// SQL for a `timestamptz` expression as microseconds since the epoch.
func microsSQL(_ column: String) -> String { "(EXTRACT(EPOCH FROM \(column)) * 1000000)::int8" }
