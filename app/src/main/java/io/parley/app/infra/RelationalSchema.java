package io.parley.app.infra;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;

/**
 * The relational store's tables (the event store, the dead-letter queues, the set-validation and session tables), made
 * where missing at start-up on H2 and PostgreSQL alike, before anything reads or writes them. Their names and columns
 * are the ones the JPA versions of Parley had Hibernate make, so stores created by those versions are used as they
 * are; the statements after the tables bring such stores up to date.
 */
@Configuration(proxyBeanMethods = false)
class RelationalSchema {

    private static final String TABLES = """
            create table if not exists domain_event_entry (
                global_index bigint default ${next} not null primary key,
                event_identifier varchar(255) not null,
                aggregate_identifier varchar(255) not null,
                sequence_number bigint not null,
                type varchar(255),
                time_stamp varchar(255) not null,
                payload_type varchar(255) not null,
                payload_revision varchar(255),
                payload ${binary} not null,
                meta_data ${binary},
                constraint domain_event_entry_aggregate unique (aggregate_identifier, sequence_number));
            create table if not exists snapshot_event_entry (
                aggregate_identifier varchar(255) not null,
                sequence_number bigint not null,
                type varchar(255) not null,
                event_identifier varchar(255) not null,
                time_stamp varchar(255) not null,
                payload_type varchar(255) not null,
                payload_revision varchar(255),
                payload ${binary} not null,
                meta_data ${binary},
                primary key (aggregate_identifier, sequence_number, type));
            create table if not exists dead_letters (
                dead_letter_id varchar(255) not null primary key,
                processing_group varchar(255) not null,
                sequence_identifier varchar(255) not null,
                sequence_index bigint not null,
                message_type varchar(255) not null,
                event_identifier varchar(255) not null,
                time_stamp varchar(255) not null,
                payload_type varchar(255) not null,
                payload_revision varchar(255),
                payload ${binary} not null,
                meta_data ${binary},
                type varchar(255),
                aggregate_identifier varchar(255),
                sequence_number bigint,
                token_type varchar(255),
                token ${binary},
                enqueued_at varchar(255) not null,
                last_touched varchar(255),
                processing_started varchar(255),
                cause_type varchar(255),
                cause_message varchar(1023),
                diagnostics ${binary},
                constraint dead_letters_sequence unique (processing_group, sequence_identifier, sequence_index));
            create index if not exists dead_letters_group on dead_letters (processing_group, sequence_identifier);
            create table if not exists user_identifiers (
                identifier varchar(320) not null primary key,
                user_id varchar(36) not null unique);
            create table if not exists personal_data_keys (
                key_id varchar(36) not null primary key,
                subject_id varchar(36) not null,
                purpose varchar(16) not null,
                secret ${binary},
                created_at timestamp(6) with time zone not null,
                erased_at timestamp(6) with time zone,
                constraint personal_data_keys_subject unique (subject_id, purpose));
            create index if not exists personal_data_keys_erased on personal_data_keys (erased_at);
            create table if not exists refresh_tokens (
                token_hash varchar(64) not null primary key,
                family_id varchar(36) not null,
                user_id varchar(36) not null,
                expires_at timestamp(6) with time zone not null,
                rotated_at timestamp(6) with time zone,
                revoked boolean not null);
            create index if not exists refresh_tokens_family on refresh_tokens (family_id);
            create index if not exists refresh_tokens_user on refresh_tokens (user_id);
            create table if not exists push_devices (
                device_id varchar(36) not null primary key,
                user_id varchar(36) not null,
                platform varchar(8) not null,
                address varchar(4096) not null,
                address_hash varchar(64) not null,
                p256dh varchar(128),
                auth varchar(64),
                created_at timestamp(6) with time zone not null,
                constraint push_devices_address unique (address_hash));
            create index if not exists push_devices_user on push_devices (user_id);
            create table if not exists call_lines (
                user_id varchar(36) not null primary key,
                call_id varchar(36) not null);
            create table if not exists connection_pairs (
                pair_key varchar(80) not null primary key,
                connection_id varchar(36) not null,
                accepted boolean default false not null)""";

    static boolean isH2(DataSource dataSource) {
        return "H2".equals(new JdbcTemplate(dataSource).execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName()));
    }

    /** The event tables' names and columns, for Axon's JDBC storage engine (its defaults are camel-cased). */
    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * Makes what is missing, then brings stores of earlier versions up to date:
     * <ul>
     * <li>Each appended event takes its global index from the sequence, one by one (a sequence created with
     * Hibernate's former increment of 50 is switched to 1), as the column's default: the storage engine leaves the
     * column out of its inserts, and Hibernate, which asked the sequence itself, made it without one.</li>
     * <li>Event identifiers are no unique index (random UUIDs, never looked up; the index cost every append a write to
     * a random page): the one Hibernate made is dropped, under the name it derived from table and column (the same on
     * both databases).</li>
     * <li>On H2 the storage engine hands out global indexes itself ({@link H2GlobalIndexes}), so the sequence is not
     * asked there; earlier versions, which asked it with a cache of 100 values, leave it as it was.</li>
     * <li>On H2, fixed-length {@code binary} columns that an earlier version made (every value padded to 10,000 bytes)
     * become {@code varbinary}. Rows already written keep their padding, which readers never looked past: a JSON value
     * ends before it.</li>
     * <li>Dead letters parked by the JPA versions move to {@code dead_letters} ({@link DeadLetterTableUpgrade}).</li>
     * </ul>
     */
    @Bean
    InitializingBean relationalSchemaReady(DataSource dataSource) {
        return () -> {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            boolean h2 = isH2(dataSource);
            String next = h2 ? "next value for domain_event_entry_seq" : "nextval('domain_event_entry_seq')";
            jdbc.execute("create sequence if not exists domain_event_entry_seq start with 1 increment by 1");
            jdbc.execute("alter sequence domain_event_entry_seq increment by 1");
            for (String statement : TABLES.replace("${next}", next).replace("${binary}", h2 ? "varbinary" : "bytea").split(";")) {
                jdbc.execute(statement);
            }
            jdbc.execute("alter table domain_event_entry alter column global_index set default " + next);
            if (h2) {
                jdbc.queryForList("select table_name, column_name from information_schema.columns"
                                + " where table_schema = 'PUBLIC' and data_type = 'BINARY'")
                        .forEach(column -> jdbc.execute("alter table " + column.get("TABLE_NAME") + " alter column "
                                + column.get("COLUMN_NAME") + " set data type varbinary"));
            }
            List.of("alter table domain_event_entry drop constraint if exists UKfwe6lsa8bfo6hyas6ud3m8c7x",
                    "alter table snapshot_event_entry drop constraint if exists UKe1uucjseo68gopmnd0vgdl44h").forEach(jdbc::execute);
            new DeadLetterTableUpgrade(jdbc).run();
        };
    }
}
