-- Receiving: goods received against a purchase order, an advance ship notice (X12 856) or blind, each a
-- receipt (GRN-000001) with its lines. The stock itself moves through the inventory ledger (WH/@supplier →
-- the dock or quarantine) in the same transaction; these rows say what arrived against what, with which
-- discrepancy, and what QC decided. Quantities on a receipt line never change after it is written; only
-- the QC columns move, once, from pending to a decision (a guarded UPDATE and the trigger below).

CREATE TABLE asns (
  asn_id text PRIMARY KEY,
  supplier_id text REFERENCES suppliers (supplier_id) ON DELETE RESTRICT,
  -- BSN02: the supplier's shipment identification; one notice per reference and supplier.
  reference text NOT NULL,
  shipped_at timestamptz,
  status text NOT NULL DEFAULT 'open',
  -- SHA-256 of the imported document: importing the same notice again finds this row.
  content_hash text NOT NULL,
  warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
  imported_at timestamptz NOT NULL DEFAULT now(),
  imported_by_kind text NOT NULL,
  imported_by text NOT NULL,
  received_at timestamptz,
  received_by text,
  CONSTRAINT asns_status_check CHECK (status IN ('open', 'received')),
  CONSTRAINT asns_reference_check CHECK (length(reference) BETWEEN 1 AND 64),
  CONSTRAINT asns_received_check CHECK ((status = 'received') = (received_at IS NOT NULL))
);
CREATE UNIQUE INDEX asns_reference_key ON asns (coalesce(supplier_id, ''), reference);

CREATE TABLE asn_lines (
  asn_id text NOT NULL REFERENCES asns (asn_id) ON DELETE RESTRICT,
  line_no integer NOT NULL,
  po_id text NOT NULL,
  po_line_no integer NOT NULL,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  qty bigint NOT NULL,
  uom text,
  sscc text,
  sscc_valid boolean,
  -- The HL01 of the item level in the 856, to trace a line back to the document.
  hl text,
  qty_received bigint NOT NULL DEFAULT 0,
  CONSTRAINT asn_lines_pkey PRIMARY KEY (asn_id, line_no),
  CONSTRAINT asn_lines_po_line_fkey FOREIGN KEY (po_id, po_line_no)
    REFERENCES purchase_order_lines (po_id, line_no) ON DELETE RESTRICT,
  CONSTRAINT asn_lines_line_no_check CHECK (line_no >= 1),
  CONSTRAINT asn_lines_qty_check CHECK (qty > 0 AND qty_received >= 0),
  CONSTRAINT asn_lines_sscc_check CHECK (sscc IS NULL OR length(sscc) BETWEEN 1 AND 40)
);
CREATE INDEX asn_lines_po_idx ON asn_lines (po_id);

CREATE SEQUENCE receipts_number_seq;
CREATE TABLE receipts (
  receipt_id text PRIMARY KEY,
  number text NOT NULL DEFAULT ('GRN-' || lpad(nextval('receipts_number_seq')::text, 6, '0')),
  po_id text REFERENCES purchase_orders (po_id) ON DELETE RESTRICT,
  asn_id text REFERENCES asns (asn_id) ON DELETE RESTRICT,
  supplier_id text REFERENCES suppliers (supplier_id) ON DELETE RESTRICT,
  warehouse_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  received_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  received_by_kind text NOT NULL,
  received_by text NOT NULL,
  request_id text,
  note text,
  CONSTRAINT receipts_number_key UNIQUE (number),
  CONSTRAINT receipts_asn_po_check CHECK (asn_id IS NULL OR po_id IS NOT NULL),
  CONSTRAINT receipts_note_check CHECK (note IS NULL OR length(note) <= 1000)
);
CREATE INDEX receipts_po_idx ON receipts (po_id) WHERE po_id IS NOT NULL;
CREATE INDEX receipts_asn_idx ON receipts (asn_id) WHERE asn_id IS NOT NULL;
CREATE INDEX receipts_warehouse_idx ON receipts (warehouse_id, received_at DESC);
CREATE INDEX receipts_received_idx ON receipts (received_at DESC, receipt_id DESC);

CREATE TABLE receipt_lines (
  receipt_id text NOT NULL REFERENCES receipts (receipt_id) ON DELETE RESTRICT,
  line_no integer NOT NULL,
  po_line_no integer,
  asn_line_no integer,
  sku_id text NOT NULL REFERENCES skus (sku_id) ON DELETE RESTRICT,
  -- Where the good units went: the dock, or quarantine when QC was asked for or the item is unexpected.
  location_id text NOT NULL REFERENCES locations (location_id) ON DELETE RESTRICT,
  qty bigint NOT NULL,
  qty_damaged bigint NOT NULL DEFAULT 0,
  -- What the ASN announced for this line (ASN receipts only).
  qty_expected bigint,
  qty_over bigint NOT NULL DEFAULT 0,
  qty_short bigint NOT NULL DEFAULT 0,
  discrepancy text NOT NULL DEFAULT 'none',
  sscc text,
  -- Units held in quarantine for a QC decision (damaged ones always) and where they are.
  qc_location_id text REFERENCES locations (location_id) ON DELETE RESTRICT,
  qty_qc bigint NOT NULL DEFAULT 0,
  qc_status text NOT NULL DEFAULT 'not_required',
  qty_accepted bigint NOT NULL DEFAULT 0,
  qty_rejected bigint NOT NULL DEFAULT 0,
  reject_to text,
  accepted_to_location_id text REFERENCES locations (location_id) ON DELETE RESTRICT,
  qc_decided_at timestamptz,
  qc_decided_by_kind text,
  qc_decided_by text,
  qc_note text,
  CONSTRAINT receipt_lines_pkey PRIMARY KEY (receipt_id, line_no),
  CONSTRAINT receipt_lines_line_no_check CHECK (line_no >= 1),
  CONSTRAINT receipt_lines_qty_check CHECK (
    qty >= 0 AND qty_damaged >= 0 AND qty_over >= 0 AND qty_short >= 0
    AND (qty + qty_damaged > 0 OR qty_expected IS NOT NULL)
    AND (qty_expected IS NULL OR qty_expected >= 0)),
  CONSTRAINT receipt_lines_discrepancy_check CHECK (
    discrepancy IN ('none', 'short', 'over', 'damaged', 'wrong_item')
    AND (discrepancy <> 'wrong_item' OR (po_line_no IS NULL AND asn_line_no IS NULL))
    AND (discrepancy <> 'over' OR qty_over > 0)
    AND (discrepancy <> 'short' OR qty_short > 0)
    AND (discrepancy <> 'damaged' OR qty_damaged > 0)
    AND (po_line_no IS NOT NULL OR (qty_over = 0 AND qty_short = 0))),
  CONSTRAINT receipt_lines_qc_check CHECK (
    qc_status IN ('not_required', 'pending', 'accepted', 'rejected', 'partial')
    AND qty_qc >= qty_damaged AND qty_qc <= qty + qty_damaged
    AND (qty_qc = 0) = (qc_status = 'not_required')
    AND (qty_qc = 0 OR qc_location_id IS NOT NULL)
    AND (qc_status IN ('not_required', 'pending')) = (qc_decided_at IS NULL)
    AND (qc_status IN ('accepted', 'rejected', 'partial') OR (qty_accepted = 0 AND qty_rejected = 0))
    AND (qc_status NOT IN ('accepted', 'rejected', 'partial') OR qty_accepted + qty_rejected = qty_qc)
    AND (qc_status <> 'accepted' OR qty_rejected = 0)
    AND (qc_status <> 'rejected' OR qty_accepted = 0)
    AND (qc_status <> 'partial' OR (qty_accepted > 0 AND qty_rejected > 0))
    AND (qty_rejected = 0) = (reject_to IS NULL)
    AND (reject_to IS NULL OR reject_to IN ('supplier', 'scrap'))),
  CONSTRAINT receipt_lines_qc_note_check CHECK (qc_note IS NULL OR length(qc_note) <= 1000),
  CONSTRAINT receipt_lines_sscc_check CHECK (sscc IS NULL OR length(sscc) BETWEEN 1 AND 40)
);
CREATE INDEX receipt_lines_pending_idx ON receipt_lines (receipt_id) WHERE qc_status = 'pending';
CREATE INDEX receipt_lines_discrepancy_idx ON receipt_lines (receipt_id) WHERE discrepancy <> 'none' OR qty_damaged > 0;

-- Receipts are history: nothing is deleted, and a line changes only by its one QC decision.
CREATE FUNCTION receiving_history_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '% rows cannot be deleted', TG_TABLE_NAME USING ERRCODE = '55000';
  END IF;
  IF TG_TABLE_NAME = 'receipts' THEN
    RAISE EXCEPTION 'receipts cannot be changed' USING ERRCODE = '55000';
  END IF;
  IF (NEW.receipt_id, NEW.line_no, NEW.po_line_no, NEW.asn_line_no, NEW.sku_id, NEW.location_id, NEW.qty,
      NEW.qty_damaged, NEW.qty_expected, NEW.qty_over, NEW.qty_short, NEW.discrepancy, NEW.qc_location_id, NEW.qty_qc)
     IS DISTINCT FROM
     (OLD.receipt_id, OLD.line_no, OLD.po_line_no, OLD.asn_line_no, OLD.sku_id, OLD.location_id, OLD.qty,
      OLD.qty_damaged, OLD.qty_expected, OLD.qty_over, OLD.qty_short, OLD.discrepancy, OLD.qc_location_id, OLD.qty_qc)
     OR OLD.qc_status <> 'pending' THEN
    RAISE EXCEPTION 'a receipt line changes only by its QC decision' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER receipts_history_guard BEFORE UPDATE OR DELETE ON receipts
  FOR EACH ROW EXECUTE FUNCTION receiving_history_guard();
CREATE TRIGGER receipt_lines_history_guard BEFORE UPDATE OR DELETE ON receipt_lines
  FOR EACH ROW EXECUTE FUNCTION receiving_history_guard();
