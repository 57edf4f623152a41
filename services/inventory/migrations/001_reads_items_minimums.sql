-- The append-only log of RFID reads, as readers sent them.
CREATE TABLE reads (
  id bigserial PRIMARY KEY,
  room text NOT NULL,
  tag text NOT NULL,
  sku text NOT NULL,
  event text NOT NULL CHECK (event IN ('seen', 'removed')),
  read_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- The current state of each tag: its newest event wins. last_seen_at is
-- the newest 'seen' read (NULL for a tag only ever reported removed).
CREATE TABLE items (
  tag text PRIMARY KEY,
  room text NOT NULL,
  sku text NOT NULL,
  last_event text NOT NULL CHECK (last_event IN ('seen', 'removed')),
  last_event_at timestamptz NOT NULL,
  last_seen_at timestamptz
);
CREATE INDEX items_room_sku ON items (room, sku);

-- The minimum quantity of each SKU a room should hold.
CREATE TABLE room_minimums (
  room text NOT NULL,
  sku text NOT NULL,
  min_quantity integer NOT NULL CHECK (min_quantity >= 0),
  PRIMARY KEY (room, sku)
);
