-- POST /prices/batch: an Idempotency-Key is recorded in the batch's own
-- transaction, so a retried batch is stored once.
CREATE TABLE price_batches (
    idempotency_key text PRIMARY KEY,
    request_hash text NOT NULL,
    rows integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- `rates-api seed FILE`: each seed file loads once.
CREATE TABLE seeds (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    rows bigint NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
