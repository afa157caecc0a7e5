import SluicePostgres

/// The cache's own tables (schema `annotation_cache`), migrated at start-up by `ServiceRuntime`.
///
/// - `analyses`: what the cache knows of each analysis: its newest version, window length,
///   analysed topic and TTL.
/// - `windows`: every computed window (also those without documents) and its version; a window
///   in range without a row here is missing.
/// - `annotations`: one document per (analysis, window, group), kept as the exact JSON text.
/// Times are microseconds since the epoch (`int8`), like the documents' keys.
public enum CacheSchema {
    public static let name: PostgresIdentifier = "annotation_cache"

    public static let migrations: [Migration] = [
        Migration(
            version: 1, name: "annotation store",
            sql: """
                CREATE TABLE annotation_cache.analyses (
                    name text PRIMARY KEY,
                    version int8 NOT NULL,
                    window_us int8 NOT NULL CHECK (window_us > 0),
                    topic text,
                    ttl_seconds int8,
                    updated_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE annotation_cache.windows (
                    analysis text NOT NULL,
                    window_start_us int8 NOT NULL,
                    window_end_us int8 NOT NULL,
                    version int8 NOT NULL,
                    stored_at_us int8 NOT NULL,
                    PRIMARY KEY (analysis, window_start_us)
                );
                CREATE TABLE annotation_cache.annotations (
                    analysis text NOT NULL,
                    window_start_us int8 NOT NULL,
                    group_key text NOT NULL,
                    version int8 NOT NULL,
                    document text NOT NULL,
                    PRIMARY KEY (analysis, window_start_us, group_key)
                );
                """)
    ]
}
