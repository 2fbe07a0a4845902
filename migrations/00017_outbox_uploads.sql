-- +goose Up

-- outbox_uploads records how far a files.uploadV2 row got through Slack's
-- three steps (files.getUploadURLExternal, the upload, then
-- files.completeUploadExternal, which shares the file), so that a worker
-- that stopped between two steps is resumed by the next one, which neither
-- posts the file twice nor loses it. step 'reserved': Slack gave file_id and
-- upload_url; 'uploaded': the bytes are there, and the share may or may not
-- have happened (the worker asks Slack with files.info before sharing).
-- upload_url is a one-time address: it is never logged.
CREATE TABLE outbox_uploads (
    outbox_id  bigint      PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    team_id    text        NOT NULL,
    file_id    text        NOT NULL,
    upload_url text        NOT NULL,
    step       text        NOT NULL CHECK (step IN ('reserved', 'uploaded')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE outbox_uploads;
