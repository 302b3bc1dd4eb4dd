-- The orders list (GET /v1/orders) filtered by SKU or by customer on a large order book: without these,
-- a SKU filter read every order line (about 100 ms on 100,000 orders) and a customer filter every
-- customer, since the external id had no index of its own (docs/benchmarks.md, "Orders list on 100,000
-- orders"). The partial order_lines_sku_idx stays for the backorder queue.
CREATE INDEX order_lines_sku_order_idx ON order_lines (sku_id, order_id);
CREATE INDEX customers_external_id_idx ON customers (external_id) WHERE external_id IS NOT NULL;
