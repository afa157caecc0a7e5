import SluicePostgres

/// Analytics's own tables (schema `analytics`), migrated at start-up by `ServiceRuntime`.
///
/// - `analyses`: the current definition of each analysis and its version; `retired_at` is set
///   by DELETE (the name may be declared again later, with a new version).
/// - `analysis_versions`: every version's definition, so old annotations can be explained.
/// - `alerts`: one row per (analysis, check, group): open while the check fails, resolved
///   when it passes again.
/// - `window_leases`: windows being computed right now, by which replica (`WindowLeases`).
/// - `profile_checks`: the checks declared on each topic's data-quality profile
///   (`ProfileDeclarations`), merged into the profile's definition.
/// - `runs`: the "run analysis" commands and rebuilds: a range, its progress, and the
///   replica that holds it (`lease_owner`, `lease_expires_at`).
public enum AnalyticsSchema {
    /// The schema's name.
    public static let name: PostgresIdentifier = "analytics"

    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "analyses and runs",
            sql: """
                CREATE TABLE analytics.analyses (
                    name text PRIMARY KEY,
                    version integer NOT NULL,
                    topic text NOT NULL,
                    definition jsonb NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    retired_at timestamptz
                );
                CREATE INDEX analyses_topic ON analytics.analyses (topic) WHERE retired_at IS NULL;

                CREATE TABLE analytics.analysis_versions (
                    name text NOT NULL,
                    version integer NOT NULL,
                    definition jsonb NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (name, version)
                );

                CREATE TABLE analytics.runs (
                    run_id uuid PRIMARY KEY,
                    analysis text NOT NULL,
                    version integer NOT NULL,
                    range_from timestamptz NOT NULL,
                    range_to timestamptz NOT NULL,
                    reason text NOT NULL,
                    status text NOT NULL CHECK (status IN ('queued', 'in_progress', 'done', 'failed')),
                    windows_total integer NOT NULL,
                    windows_done integer NOT NULL DEFAULT 0,
                    errors jsonb NOT NULL DEFAULT '[]',
                    attempts integer NOT NULL DEFAULT 0,
                    lease_owner text,
                    lease_expires_at timestamptz,
                    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                    started_at timestamptz,
                    finished_at timestamptz
                );
                CREATE INDEX runs_open ON analytics.runs (created_at) WHERE status IN ('queued', 'in_progress');
                CREATE INDEX runs_analysis ON analytics.runs (analysis, created_at);
                """),
        Migration(
            version: 2, name: "alerts",
            sql: """
                CREATE TABLE analytics.alerts (
                    alert_key text PRIMARY KEY,
                    analysis text NOT NULL,
                    check_name text NOT NULL,
                    subject text NOT NULL,
                    severity text NOT NULL,
                    status text NOT NULL CHECK (status IN ('open', 'resolved')),
                    observed float8 NOT NULL,
                    expected float8 NOT NULL,
                    window_start timestamptz NOT NULL,
                    window_end timestamptz NOT NULL,
                    first_seen timestamptz NOT NULL,
                    last_seen timestamptz NOT NULL,
                    resolved_at timestamptz
                );
                CREATE INDEX alerts_status ON analytics.alerts (status, last_seen DESC);
                """),
        Migration(
            version: 3, name: "window leases",
            sql: """
                CREATE TABLE analytics.window_leases (
                    analysis text NOT NULL,
                    window_start int8 NOT NULL,
                    owner text NOT NULL,
                    expires_at timestamptz NOT NULL,
                    PRIMARY KEY (analysis, window_start)
                );
                """),
        Migration(
            version: 4, name: "profile checks",
            sql: """
                CREATE TABLE analytics.profile_checks (
                    topic text PRIMARY KEY,
                    checks jsonb NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                );
                """),
    ]
}
