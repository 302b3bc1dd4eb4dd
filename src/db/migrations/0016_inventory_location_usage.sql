-- What a physical location is for. Only storage locations hold stock that can be promised (allocation,
-- availability, replacements for short picks); receiving docks hold goods not yet checked or put away,
-- quarantine holds goods held back by QC or returns inspection. A bin takes its zone's usage when created;
-- changing a zone's usage changes its bins'.
ALTER TABLE locations ADD COLUMN usage text NOT NULL DEFAULT 'storage';
ALTER TABLE locations ADD CONSTRAINT locations_usage_check CHECK (
  usage IN ('storage', 'receiving', 'quarantine') AND (usage = 'storage' OR kind IN ('zone', 'bin')));
CREATE INDEX locations_usage_idx ON locations (warehouse_id, usage) WHERE usage <> 'storage';
