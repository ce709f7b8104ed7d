-- The postgres profile's schema as the JPA versions of Parley (Hibernate, until 2026-11-27) made it: pg_dump --schema-only of a fresh database.
CREATE TABLE association_value_entry (
    id bigint NOT NULL,
    association_key character varying(255) NOT NULL,
    association_value character varying(255),
    saga_id character varying(255) NOT NULL,
    saga_type character varying(255)
);
CREATE SEQUENCE association_value_entry_seq
    START WITH 1
    INCREMENT BY 50
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
CREATE TABLE call_lines (
    user_id character varying(36) NOT NULL,
    call_id character varying(36) NOT NULL
);
CREATE TABLE connection_pairs (
    pair_key character varying(80) NOT NULL,
    accepted boolean DEFAULT false NOT NULL,
    connection_id character varying(36) NOT NULL
);
CREATE TABLE dead_letter_entry (
    dead_letter_id character varying(255) NOT NULL,
    cause_message character varying(1023),
    cause_type character varying(255),
    diagnostics bytea,
    enqueued_at timestamp(6) with time zone NOT NULL,
    last_touched timestamp(6) with time zone,
    aggregate_identifier character varying(255),
    event_identifier character varying(255) NOT NULL,
    message_type character varying(255) NOT NULL,
    meta_data bytea,
    payload bytea NOT NULL,
    payload_revision character varying(255),
    payload_type character varying(255) NOT NULL,
    sequence_number bigint,
    time_stamp character varying(255) NOT NULL,
    token bytea,
    token_type character varying(255),
    type character varying(255),
    processing_group character varying(255) NOT NULL,
    processing_started timestamp(6) with time zone,
    sequence_identifier character varying(255) NOT NULL,
    sequence_index bigint NOT NULL
);
CREATE TABLE domain_event_entry (
    global_index bigint NOT NULL,
    event_identifier character varying(255) NOT NULL,
    meta_data bytea,
    payload bytea NOT NULL,
    payload_revision character varying(255),
    payload_type character varying(255) NOT NULL,
    time_stamp character varying(255) NOT NULL,
    aggregate_identifier character varying(255) NOT NULL,
    sequence_number bigint NOT NULL,
    type character varying(255)
);
CREATE SEQUENCE domain_event_entry_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
CREATE TABLE personal_data_keys (
    key_id character varying(36) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    erased_at timestamp(6) with time zone,
    purpose character varying(16) NOT NULL,
    secret bytea,
    subject_id character varying(36) NOT NULL,
    CONSTRAINT personal_data_keys_purpose_check CHECK (((purpose)::text = ANY ((ARRAY['PROFILE'::character varying, 'MESSAGES'::character varying])::text[])))
);
CREATE TABLE push_devices (
    device_id character varying(36) NOT NULL,
    address character varying(4096) NOT NULL,
    address_hash character varying(64) NOT NULL,
    auth character varying(64),
    created_at timestamp(6) with time zone NOT NULL,
    p256dh character varying(128),
    platform character varying(8) NOT NULL,
    user_id character varying(36) NOT NULL
);
CREATE TABLE refresh_tokens (
    token_hash character varying(64) NOT NULL,
    expires_at timestamp(6) with time zone NOT NULL,
    family_id character varying(36) NOT NULL,
    revoked boolean NOT NULL,
    rotated_at timestamp(6) with time zone,
    user_id character varying(36) NOT NULL
);
CREATE TABLE saga_entry (
    saga_id character varying(255) NOT NULL,
    revision character varying(255),
    saga_type character varying(255),
    serialized_saga bytea
);
CREATE TABLE scheduled_tasks (
    task_name character varying(100) NOT NULL,
    task_instance character varying(255) NOT NULL,
    task_data bytea,
    execution_time timestamp with time zone NOT NULL,
    picked boolean NOT NULL,
    picked_by character varying(100),
    last_success timestamp with time zone,
    last_failure timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat timestamp with time zone,
    version bigint NOT NULL,
    priority smallint
);
CREATE TABLE snapshot_event_entry (
    aggregate_identifier character varying(255) NOT NULL,
    sequence_number bigint NOT NULL,
    type character varying(255) NOT NULL,
    event_identifier character varying(255) NOT NULL,
    meta_data bytea,
    payload bytea NOT NULL,
    payload_revision character varying(255),
    payload_type character varying(255) NOT NULL,
    time_stamp character varying(255) NOT NULL
);
CREATE TABLE token_entry (
    processor_name character varying(255) NOT NULL,
    segment integer NOT NULL,
    owner character varying(255),
    "timestamp" character varying(255) NOT NULL,
    token bytea,
    token_type character varying(255)
);
CREATE TABLE user_identifiers (
    identifier character varying(320) NOT NULL,
    user_id character varying(36) NOT NULL
);
ALTER TABLE ONLY association_value_entry
    ADD CONSTRAINT association_value_entry_pkey PRIMARY KEY (id);
ALTER TABLE ONLY call_lines
    ADD CONSTRAINT call_lines_pkey PRIMARY KEY (user_id);
ALTER TABLE ONLY connection_pairs
    ADD CONSTRAINT connection_pairs_pkey PRIMARY KEY (pair_key);
ALTER TABLE ONLY dead_letter_entry
    ADD CONSTRAINT dead_letter_entry_pkey PRIMARY KEY (dead_letter_id);
ALTER TABLE ONLY domain_event_entry
    ADD CONSTRAINT domain_event_entry_pkey PRIMARY KEY (global_index);
ALTER TABLE ONLY domain_event_entry
    ADD CONSTRAINT idx8s1f994p4la2ipb13me2xqm1w UNIQUE (aggregate_identifier, sequence_number);
ALTER TABLE ONLY dead_letter_entry
    ADD CONSTRAINT idxhlr8io86j74qy298xf720n16v UNIQUE (processing_group, sequence_identifier, sequence_index);
ALTER TABLE ONLY personal_data_keys
    ADD CONSTRAINT personal_data_keys_pkey PRIMARY KEY (key_id);
ALTER TABLE ONLY personal_data_keys
    ADD CONSTRAINT personal_data_keys_subject UNIQUE (subject_id, purpose);
ALTER TABLE ONLY push_devices
    ADD CONSTRAINT push_devices_address UNIQUE (address_hash);
ALTER TABLE ONLY push_devices
    ADD CONSTRAINT push_devices_pkey PRIMARY KEY (device_id);
ALTER TABLE ONLY refresh_tokens
    ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (token_hash);
ALTER TABLE ONLY saga_entry
    ADD CONSTRAINT saga_entry_pkey PRIMARY KEY (saga_id);
ALTER TABLE ONLY scheduled_tasks
    ADD CONSTRAINT scheduled_tasks_pkey PRIMARY KEY (task_name, task_instance);
ALTER TABLE ONLY snapshot_event_entry
    ADD CONSTRAINT snapshot_event_entry_pkey PRIMARY KEY (aggregate_identifier, sequence_number, type);
ALTER TABLE ONLY token_entry
    ADD CONSTRAINT token_entry_pkey PRIMARY KEY (processor_name, segment);
ALTER TABLE ONLY user_identifiers
    ADD CONSTRAINT ukn9hlkht52tfrj0l8ddj497k50 UNIQUE (user_id);
ALTER TABLE ONLY user_identifiers
    ADD CONSTRAINT user_identifiers_pkey PRIMARY KEY (identifier);
CREATE INDEX idxe67wcx5fiq9hl4y4qkhlcj9cg ON dead_letter_entry USING btree (processing_group);
CREATE INDEX idxgv5k1v2mh6frxuy5c0hgbau94 ON association_value_entry USING btree (saga_id, saga_type);
CREATE INDEX idxk45eqnxkgd8hpdn6xixn8sgft ON association_value_entry USING btree (saga_type, association_key, association_value);
CREATE INDEX idxrwucpgs6sn93ldgoeh2q9k6bn ON dead_letter_entry USING btree (processing_group, sequence_identifier);
CREATE INDEX personal_data_keys_erased ON personal_data_keys USING btree (erased_at);
CREATE INDEX push_devices_user ON push_devices USING btree (user_id);
CREATE INDEX refresh_tokens_family ON refresh_tokens USING btree (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens USING btree (user_id);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks USING btree (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks USING btree (last_heartbeat);
CREATE INDEX scheduled_tasks_priority ON scheduled_tasks USING btree (priority DESC, execution_time);
