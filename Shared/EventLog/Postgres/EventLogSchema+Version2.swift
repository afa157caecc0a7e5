import SluicePostgres

// Version 2 of the `eventlog` schema: appends to one topic insert in parallel and commit in
// offset order. See PostgresEventLog+Append.swift for the protocol and why it is safe.
extension EventLogSchema {
    static let version2 = """
        ALTER TABLE eventlog.topics ADD COLUMN last_ticket bigint NOT NULL DEFAULT 0;
        -- Ids are opaque: compare them bytewise. Every append probes this index two or three
        -- times per record, and a linguistic collation (even C.UTF-8) costs a strcoll each.
        ALTER TABLE eventlog.record_ids ALTER COLUMN id SET DATA TYPE text COLLATE "C";
        COMMENT ON COLUMN eventlog.topics.next_offset IS
            'every offset below it belongs to an append that has ended (committed, or rolled back and left a gap)';
        COMMENT ON COLUMN eventlog.topics.last_ticket IS 'the ticket of the last append that published';

        -- Two sequences per topic, created with the topic: offsets (reserved in blocks) and
        -- tickets (one per append, the order in which appends must commit).
        CREATE FUNCTION eventlog.create_topic_sequences(p_topic_id integer) RETURNS void
        LANGUAGE plpgsql AS $fn$
        BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS eventlog.%I AS bigint MINVALUE 0 START 1 CACHE 1',
                'topic_offsets_' || p_topic_id);
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS eventlog.%I AS bigint MINVALUE 0 START 1 CACHE 1',
                'topic_tickets_' || p_topic_id);
        END
        $fn$;

        CREATE FUNCTION eventlog.topics_created() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM eventlog.create_topic_sequences(NEW.topic_id);
            RETURN NULL;
        END
        $fn$;

        CREATE TRIGGER topics_sequences AFTER INSERT ON eventlog.topics
            FOR EACH ROW EXECUTE FUNCTION eventlog.topics_created();

        DO $do$
        DECLARE
            t record;
        BEGIN
            FOR t IN SELECT topic_id, next_offset FROM eventlog.topics LOOP
                PERFORM eventlog.create_topic_sequences(t.topic_id);
                IF t.next_offset > 1 THEN
                    PERFORM setval(format('eventlog.topic_offsets_%s', t.topic_id)::regclass, t.next_offset - 1);
                END IF;
            END LOOP;
        END
        $do$;

        -- Reserves p_count consecutive offsets and the next ticket, and takes the ticket's
        -- lock (held until the transaction ends). Sequences are not transactional, so the
        -- reservation does not wait for anyone's commit; a session lock on the topic makes
        -- "ticket, block of offsets, ticket lock" one step, so tickets and offsets grow
        -- together and a ticket's lock is held before any later append can ask for it.
        CREATE FUNCTION eventlog.reserve_offsets(p_topic_id integer, p_count bigint, OUT ticket bigint, OUT base bigint)
        LANGUAGE plpgsql AS $fn$
        DECLARE
            v_section bigint := x'05E10C0100000000'::bigint + p_topic_id;
        BEGIN
            PERFORM pg_advisory_lock(v_section);
            BEGIN
                ticket := nextval(format('eventlog.topic_tickets_%s', p_topic_id)::regclass);
                base := nextval(format('eventlog.topic_offsets_%s', p_topic_id)::regclass);
                IF p_count > 1 THEN
                    PERFORM setval(format('eventlog.topic_offsets_%s', p_topic_id)::regclass, base + p_count - 1);
                END IF;
                PERFORM pg_advisory_xact_lock(p_topic_id, (ticket % 2147483647)::integer);
            EXCEPTION
                WHEN query_canceled THEN
                    PERFORM pg_advisory_unlock(v_section);
                    RAISE;
                WHEN OTHERS THEN
                    PERFORM pg_advisory_unlock(v_section);
                    RAISE;
            END;
            PERFORM pg_advisory_unlock(v_section);
        END
        $fn$;

        -- Waits until every append with a smaller ticket has ended, then advances the topic's
        -- next_offset past this append's block (row lock until this transaction ends) and
        -- queues the NOTIFY. A smaller ticket whose transaction ended without publishing
        -- (rolled back) is a gap: the wait walks on to the ticket before it.
        CREATE FUNCTION eventlog.publish_offsets(p_topic_id integer, p_ticket bigint, p_next_offset bigint)
        RETURNS void
        LANGUAGE plpgsql AS $fn$
        DECLARE
            v_wait bigint := p_ticket - 1;
            v_last bigint;
            v_name text;
        BEGIN
            LOOP
                EXIT WHEN v_wait < 1;
                SELECT t.last_ticket INTO v_last FROM eventlog.topics t WHERE t.topic_id = p_topic_id;
                EXIT WHEN v_last >= v_wait;
                PERFORM pg_advisory_xact_lock_shared(p_topic_id, (v_wait % 2147483647)::integer);
                SELECT t.last_ticket INTO v_last FROM eventlog.topics t WHERE t.topic_id = p_topic_id;
                EXIT WHEN v_last >= v_wait;
                v_wait := v_wait - 1;
            END LOOP;
            UPDATE eventlog.topics t
            SET next_offset = greatest(t.next_offset, p_next_offset), last_ticket = greatest(t.last_ticket, p_ticket)
            WHERE t.topic_id = p_topic_id
            RETURNING t.name INTO v_name;
            IF v_name IS NULL THEN
                RAISE EXCEPTION 'unknown topic id %', p_topic_id USING ERRCODE = 'no_data_found';
            END IF;
            PERFORM pg_notify('eventlog', v_name);
        END
        $fn$;

        DROP FUNCTION eventlog.append_batch(integer, jsonb);
        DROP FUNCTION eventlog.append_batch_small(integer, jsonb);

        """ + appendFunction(name: "append_batch", planMode: "force_custom_plan")
        + appendFunction(name: "append_batch_small", planMode: "force_generic_plan")

    static func appendFunction(name: String, planMode: String) -> String {
        appendFunctionTemplate.replacingOccurrences(of: "__FUNCTION_NAME__", with: name)
            .replacingOccurrences(of: "__PLAN_MODE__", with: planMode)
    }

    static let appendFunctionTemplate = """
        -- Appends a batch to a topic (see PostgresEventLog+Append.swift).
        -- p_batch: [{"time", "payload", "schema_version"?, "producer_key_id"?, "traceparent"?}, ...]
        -- p_ids: the elements' ids, in the same order; p_first: the 1-based positions of the first
        -- element of each distinct id (the caller removes in-batch duplicates), ascending.
        -- Returns one row per input element: its 1-based position, its offset, and whether
        -- this call stored it (false: a duplicate, with the offset of the stored copy).
        --
        -- 1. The new elements: the first of each id, unless the id is stored already.
        -- 2. Reserve that many offsets (no waiting), insert them, in parallel with other
        --    appends to the topic. An id another append stores meanwhile (ON CONFLICT) is a
        --    duplicate; its reserved offset stays unused.
        -- 3. Publish: wait for every earlier reservation to end, advance next_offset, NOTIFY.
        CREATE FUNCTION eventlog.__FUNCTION_NAME__(p_topic_id integer, p_batch jsonb, p_ids text[], p_first bigint[])
        RETURNS TABLE (ord bigint, "offset" bigint, stored boolean)
        LANGUAGE plpgsql
        SET plan_cache_mode = __PLAN_MODE__
        AS $fn$
        #variable_conflict use_column
        DECLARE
            v_new bigint[];
            v_count integer;
            v_ticket bigint;
            v_base bigint;
            v_stored bigint[] := '{}';
            v_offsets bigint[] := '{}';
        BEGIN
            SELECT coalesce(array_agg(f.position ORDER BY f.position), '{}') INTO v_new
            FROM unnest(p_first) AS f(position)
            WHERE NOT EXISTS (
                SELECT 1 FROM eventlog.record_ids r WHERE r.topic_id = p_topic_id AND r.id = p_ids[f.position]);
            v_count := cardinality(v_new);

            IF v_count > 0 THEN
                SELECT r.ticket, r.base INTO v_ticket, v_base FROM eventlog.reserve_offsets(p_topic_id, v_count) r;
                WITH input AS (
                    SELECT n.position, v_base + n.rank - 1 AS record_offset, p_ids[n.position] AS id,
                        p_batch -> (n.position::integer - 1) AS value
                    FROM unnest(v_new) WITH ORDINALITY AS n(position, rank)
                ), ids AS (
                    INSERT INTO eventlog.record_ids (topic_id, id, "offset", time)
                    SELECT p_topic_id, i.id, i.record_offset, (i.value->>'time')::timestamptz FROM input i
                    ON CONFLICT (topic_id, id) DO NOTHING
                    RETURNING "offset" AS record_offset
                ), inserted AS (
                    INSERT INTO eventlog.records
                        (topic_id, "offset", id, time, appended_at, payload, schema_version, producer_key_id, traceparent)
                    SELECT p_topic_id, i.record_offset, i.id, (i.value->>'time')::timestamptz, clock_timestamp(),
                        i.value->'payload', (i.value->>'schema_version')::integer, i.value->>'producer_key_id',
                        i.value->>'traceparent'
                    FROM input i JOIN ids USING (record_offset)
                )
                SELECT coalesce(array_agg(i.position ORDER BY i.position), '{}'),
                    coalesce(array_agg(i.record_offset ORDER BY i.position), '{}')
                INTO v_stored, v_offsets
                FROM input i JOIN ids USING (record_offset);
            END IF;

            IF cardinality(v_stored) < cardinality(p_ids) THEN
                RETURN QUERY
                SELECT u.position, r."offset", false
                FROM unnest(p_ids) WITH ORDINALITY AS u(id, position)
                JOIN eventlog.record_ids r ON r.topic_id = p_topic_id AND r.id = u.id
                WHERE u.position <> ALL (v_stored);
            END IF;

            IF v_count > 0 THEN
                PERFORM eventlog.publish_offsets(p_topic_id, v_ticket, v_base + v_count);
            END IF;
            RETURN QUERY SELECT s.position, s.record_offset, true FROM unnest(v_stored, v_offsets) AS s(position, record_offset);
        END
        $fn$;

        """
}
