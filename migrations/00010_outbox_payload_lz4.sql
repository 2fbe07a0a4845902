-- +goose Up

-- A reminders run queues thousands of DMs of about 6 kB each in one
-- transaction; PostgreSQL's default TOAST compression (pglz) took most of
-- the time to insert them, lz4 a fraction. A server built without lz4
-- (or older than 14) keeps pglz: the change is an optimisation, not a need.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE 'ALTER TABLE outbox ALTER COLUMN payload SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'outbox.payload keeps the default compression: %', SQLERRM;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE 'ALTER TABLE outbox ALTER COLUMN payload SET COMPRESSION default';
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'outbox.payload compression unchanged: %', SQLERRM;
END
$$;
-- +goose StatementEnd
