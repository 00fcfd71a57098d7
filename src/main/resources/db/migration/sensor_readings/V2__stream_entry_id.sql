-- Where each reading came from: the stream and its entry id. Unique together, so that an entry delivered again
-- after a crash between commit and acknowledgement is skipped (db-write onConflict=ignore) instead of stored twice.
ALTER TABLE "${table_name}" ADD COLUMN IF NOT EXISTS stream TEXT;
ALTER TABLE "${table_name}" ADD COLUMN IF NOT EXISTS entry_id TEXT;

-- rows written before these columns existed: the stream they were read from, and an id that no entry id can take
UPDATE "${table_name}" SET stream = 'mqtt_stream:' || device_id || ':' || sensor_type WHERE stream IS NULL;
UPDATE "${table_name}" SET entry_id = 'legacy-' || id WHERE entry_id IS NULL;

ALTER TABLE "${table_name}" ALTER COLUMN stream SET NOT NULL;
ALTER TABLE "${table_name}" ALTER COLUMN entry_id SET NOT NULL;
ALTER TABLE "${table_name}" ADD CONSTRAINT "${table_name}_stream_entry_id_key" UNIQUE (stream, entry_id);
