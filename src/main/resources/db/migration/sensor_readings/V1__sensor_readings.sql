-- The table of the Redis-streams-to-PostgreSQL writer, as its users have it today (IF NOT EXISTS: an existing one
-- is adopted as it is; V2 then adds what makes redelivery harmless).
CREATE TABLE IF NOT EXISTS "${table_name}" (
    id          BIGSERIAL PRIMARY KEY,
    timestamp   TIMESTAMPTZ NOT NULL,
    device_id   VARCHAR(100) NOT NULL,
    sensor_type VARCHAR(100) NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    metadata    JSONB,
    created_at  TIMESTAMPTZ DEFAULT NOW()
);
