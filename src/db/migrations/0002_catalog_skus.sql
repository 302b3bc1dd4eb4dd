-- SKUs: the things we count. Codes are unique without regard to case (SKU-1 and sku-1 would be the same
-- shelf label); a GTIN is unique across its 8/12/13/14-digit spellings and carries a valid check digit.

CREATE TABLE skus (
  sku_id text PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  gtin text,
  unit text NOT NULL DEFAULT 'each',
  is_archived boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  CONSTRAINT skus_code_format_check CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._+#-]{0,63}$'),
  CONSTRAINT skus_name_length_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  CONSTRAINT skus_gtin_format_check CHECK (gtin IS NULL OR (gtin ~ '^([0-9]{8}|[0-9]{12,14})$' AND gs1_check_digit_ok(gtin))),
  CONSTRAINT skus_unit_format_check CHECK (unit ~ '^[a-z][a-z0-9_]{0,15}$'),
  CONSTRAINT skus_version_check CHECK (version >= 1)
);
CREATE UNIQUE INDEX skus_code_key ON skus (lower(code));
CREATE UNIQUE INDEX skus_gtin_key ON skus (lpad(gtin, 14, '0')) WHERE gtin IS NOT NULL;
CREATE INDEX skus_name_idx ON skus (lower(name));
