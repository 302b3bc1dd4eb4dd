-- Locations: warehouse -> zone -> bin (physical, can hold stock, never negative) and, per warehouse, the
-- virtual counterparts every move needs (supplier, customer, adjustment, scrap, transit, production),
-- which may go negative because they stand for the world outside the walls.
-- Codes are paths: WH1, WH1/A (zone), WH1/A-01-02 (bin), WH1/@supplier (virtual).

CREATE TABLE locations (
  location_id text PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  parent_id text REFERENCES locations (location_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  is_physical boolean GENERATED ALWAYS AS (kind IN ('warehouse', 'zone', 'bin')) STORED,
  is_archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT locations_kind_check CHECK (kind IN ('warehouse', 'zone', 'bin', 'supplier', 'customer', 'adjustment', 'scrap', 'transit', 'production')),
  CONSTRAINT locations_parent_check CHECK ((kind = 'warehouse') = (parent_id IS NULL)),
  CONSTRAINT locations_warehouse_self_check CHECK ((kind = 'warehouse') = (warehouse_id = location_id)),
  CONSTRAINT locations_code_format_check CHECK (
    code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}(/(@[a-z]+|[A-Za-z0-9][A-Za-z0-9._-]{0,39}))?$'),
  CONSTRAINT locations_name_length_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  CONSTRAINT locations_id_physical_key UNIQUE (location_id, is_physical)
);
CREATE UNIQUE INDEX locations_code_key ON locations (lower(code));
CREATE UNIQUE INDEX locations_virtual_kind_key ON locations (warehouse_id, kind)
  WHERE kind NOT IN ('warehouse', 'zone', 'bin');
CREATE INDEX locations_parent_idx ON locations (parent_id);
CREATE INDEX locations_warehouse_idx ON locations (warehouse_id);

-- The tree's shape is an invariant of the database, not only of the application: a zone sits in a
-- warehouse, a bin in a warehouse or a zone, a virtual location directly in its warehouse; a location
-- belongs to its parent's warehouse; kind, parent and code never change once created.
CREATE FUNCTION locations_tree_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_kind text;
  parent_warehouse text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.kind IS DISTINCT FROM OLD.kind OR NEW.parent_id IS DISTINCT FROM OLD.parent_id
       OR NEW.warehouse_id IS DISTINCT FROM OLD.warehouse_id OR NEW.code IS DISTINCT FROM OLD.code THEN
      RAISE EXCEPTION 'a location''s kind, parent, warehouse and code cannot change' USING ERRCODE = '23514',
        CONSTRAINT = 'locations_tree_check';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.kind = 'warehouse' THEN
    RETURN NEW;
  END IF;
  SELECT kind, warehouse_id INTO parent_kind, parent_warehouse FROM locations WHERE location_id = NEW.parent_id;
  IF parent_kind IS NULL
     OR (NEW.kind = 'zone' AND parent_kind <> 'warehouse')
     OR (NEW.kind = 'bin' AND parent_kind NOT IN ('warehouse', 'zone'))
     OR (NEW.kind NOT IN ('zone', 'bin') AND parent_kind <> 'warehouse')
     OR NEW.warehouse_id <> parent_warehouse THEN
    RAISE EXCEPTION 'a % cannot be placed under a % location', NEW.kind, coalesce(parent_kind, 'missing')
      USING ERRCODE = '23514', CONSTRAINT = 'locations_tree_check';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER locations_tree_guard BEFORE INSERT OR UPDATE ON locations
  FOR EACH ROW EXECUTE FUNCTION locations_tree_guard();
