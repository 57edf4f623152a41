-- The tables of brief 004's dataset (../shared/data/rates.sql), with its
-- keys. Foreign keys are deferrable so a seed can load the dump's tables in
-- the dump's order inside one transaction.
CREATE TABLE regions (
    slug text PRIMARY KEY,
    name text NOT NULL,
    parent_slug text REFERENCES regions (slug) DEFERRABLE INITIALLY IMMEDIATE
);

CREATE TABLE ports (
    code text PRIMARY KEY,
    name text NOT NULL,
    parent_slug text NOT NULL REFERENCES regions (slug) DEFERRABLE INITIALLY IMMEDIATE
);

CREATE TABLE prices (
    orig_code text NOT NULL REFERENCES ports (code) DEFERRABLE INITIALLY IMMEDIATE,
    dest_code text NOT NULL REFERENCES ports (code) DEFERRABLE INITIALLY IMMEDIATE,
    day date NOT NULL,
    price integer NOT NULL
);

CREATE INDEX regions_parent_slug ON regions (parent_slug);
CREATE INDEX ports_parent_slug ON ports (parent_slug);
-- GET /rates reads one lane over a range of days: an index-only scan.
CREATE INDEX prices_lane_day ON prices (orig_code, dest_code, day) INCLUDE (price);
