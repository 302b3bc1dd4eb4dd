-- Kits (bundles): a SKU sold as a set of component SKUs in fixed quantities. A kit holds no stock of its
-- own: reserving, picking, shipping and cancelling a kit act on its components. One level only: a kit's
-- components are ordinary SKUs.

CREATE TABLE sku_components (
  kit_sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  component_sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  qty bigint NOT NULL,
  CONSTRAINT sku_components_pkey PRIMARY KEY (kit_sku_id, component_sku_id),
  CONSTRAINT sku_components_qty_check CHECK (qty BETWEEN 1 AND 1000000),
  CONSTRAINT sku_components_self_check CHECK (kit_sku_id <> component_sku_id)
);
CREATE INDEX sku_components_component_idx ON sku_components (component_sku_id);

ALTER TABLE skus ADD COLUMN is_kit boolean NOT NULL DEFAULT false;

-- The database refuses stock of a kit (it would be counted twice: as the kit and as its components).
CREATE FUNCTION stock_balances_no_kits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM skus WHERE sku_id = NEW.sku_id AND is_kit) THEN
    RAISE EXCEPTION 'SKU % is a kit; kits hold no stock of their own', NEW.sku_id
      USING ERRCODE = '23514', CONSTRAINT = 'stock_balances_kit_check';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER stock_balances_no_kits BEFORE INSERT ON stock_balances
  FOR EACH ROW EXECUTE FUNCTION stock_balances_no_kits();

-- One level, in the database too: a component is never a kit and a kit never a component. Both SKUs are
-- locked first, so two kits defined at once (each naming the other) cannot both pass.
CREATE FUNCTION sku_components_one_level() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM skus WHERE sku_id IN (NEW.kit_sku_id, NEW.component_sku_id) ORDER BY sku_id FOR UPDATE;
  IF EXISTS (SELECT 1 FROM sku_components WHERE kit_sku_id = NEW.component_sku_id)
     OR EXISTS (SELECT 1 FROM sku_components WHERE component_sku_id = NEW.kit_sku_id) THEN
    RAISE EXCEPTION 'kits are one level deep: % cannot contain %', NEW.kit_sku_id, NEW.component_sku_id
      USING ERRCODE = '23514', CONSTRAINT = 'sku_components_nesting_check';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER sku_components_one_level BEFORE INSERT ON sku_components
  FOR EACH ROW EXECUTE FUNCTION sku_components_one_level();
