-- +goose Up

-- files.uploadV2 rows upload a file (the digest's indicator chart) with
-- files.getUploadURLExternal, the upload itself and
-- files.completeUploadExternal, which shares it into a channel or thread.
ALTER TABLE outbox DROP CONSTRAINT outbox_method_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_method_check
    CHECK (method IN ('chat.postMessage', 'chat.update', 'chat.postEphemeral', 'files.uploadV2'));

-- +goose Down
DELETE FROM outbox WHERE method = 'files.uploadV2';
ALTER TABLE outbox DROP CONSTRAINT outbox_method_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_method_check
    CHECK (method IN ('chat.postMessage', 'chat.update', 'chat.postEphemeral'));
