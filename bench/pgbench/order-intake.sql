-- One order taken, as pgbench sees it: the SQL Coulisse sends for
--   POST /v1/orders with 3 lines      (src/modules/orders/commands/create-order.ts)
-- from the API key lookup at the HTTP edge to COMMIT, so pgbench's "tps" is orders per second.
--
-- Run by bench/run.ts (scenario orders-pgbench): pgbench -n -M prepared -c 32 -j 2 -T <s> -r -f order-intake.sql
-- -D nskus=… (see there), on a fresh database seeded by the same code as the HTTP scenarios
-- (bench/lib/dataset.ts: 1,000 SKUs in 10 bins of WH1, the channel BENCH-WEB shipping from WH1).
--
-- app SQL fingerprint: 5d09189b4739a936
-- (bench/lib/probe.ts, probeOrderSql, records every round trip one POST /v1/orders of this shape sends, by
-- running the application in process; bench/run.ts marks the orders-pgbench rows STALE, and the run fails,
-- when the names of those round trips in order, or this fingerprint of their texts, no longer match: then
-- this file must be brought up to date with src/ before the ratio means anything.)
-- The names are those the statements reach PostgreSQL under: the app's own (inv_guarded_apply, …), or, for
-- every other statement with parameters, the one src/db/postgres.ts prepares it under, s_<the first 20
-- characters of the base64url SHA-256 of its exact text>. Such a name changes with its statement's text, so
-- the first difference the STALE report prints points at the statement to copy again.
--
-- The shape: 3 lines of consecutive SKUs r, r+1, r+2 (so 3 different bins of the one warehouse), 1-3 units
-- each, all available, as bench/lib/orders-load.ts draws them (it draws 1-5 lines; 3 is their mean).
-- The app holds each line with its own reservation but writes them all at once
-- (reserveManyInTransaction), so the statements do not depend on the number of lines, only the arrays'
-- lengths do: 16 round trips an order, counting BEGIN, COMMIT and the key lookup: the channel with the
-- warehouses it ships from and its hold rules (one statement), the SKUs (with whether each is a kit: none
-- is, so no kit components are looked up), the order with its lines and the timeline's "created" (one
-- statement), the balance rows locked; then for all the lines together one refs lookup, one insert of the
-- reservations with their lines, one guarded hold over the balance keys (in lock order), one stock-events
-- statement (stock.changed, and stock.low where a reorder point is crossed), one statement inserting into
-- order_line_reservations and updating order_lines; then one statement for the status, the allocation and
-- the timeline's "allocated", the order read back, the order.created + order.allocated events and the
-- audit record. An HTTP order of 1 to 5 lines sends the same 16.
--
-- How it is kept equivalent (as in cycle.sql, which explains the devices at length):
-- * The same statements in the same order, with the same text (copied from src/; each names its source),
--   in one transaction, plus the key lookup before it.
-- * Array parameters are arrays here too, sliced ((ARRAY[…])[1 : :nl]) so that a generic plan cannot fold
--   them, as it cannot fold a parameter; a null parameter the planner must not fold away either is
--   NULLIF(x, x) (the reservations' virtual-location kind; readOrder's scope).
-- * Values the app reads back and sends again (the channel's id, the order's id, the SKU and bin ids, the
--   warehouse the channel ships from, taken from the channel's ship_from in the key's scope as allocateLines
--   does) come back through \gset: the statements whose rows are needed are wrapped, as
--   `SELECT … FROM (<the app's statement>) q \gset` or `WITH q AS (<the app's statement>) SELECT … \gset`;
--   the inner statement, its plan and its locks are the app's. The SKU ids are sent in line order, as the
--   app sends them; the refs wrapper also returns the balance keys (bin, SKU) in lock order, as
--   mergeChanges sorts them, with the codes, warehouses and -q the stock events take.
-- * Every statement is prepared, in the app (named, or auto-named by the adapter) as with pgbench
--   -M prepared; BEGIN and COMMIT go unprepared in the app (they have no parameters).
-- * JSON documents (ship-to, timeline details, the allocation, event payloads, the audit record) are
--   constants of the size the app sends for 3 lines; times inside them are written '…T07:' || '48:' || …
--   (pgbench would take `:48` for a variable), folded back to one constant by the planner.
-- * Ids: `ord_<tag><13 digits>` from a per-client counter (shorter than the app's ULIDs); the external id
--   `PGB-<tag>-<same>` is unique, so the ON CONFLICT of the insert never fires, as with the HTTP load.
-- * When the offer read finds too little stock, or the guarded hold finds a row short, the script ends the
--   transaction in ROLLBACK (the app would backorder, or answer 409). With the seeded stock this does not
--   happen; bench/run.ts checks afterwards that every order is in the database and the ledger is consistent.
-- Differences, all in pgbench's favour:
-- * Literals stand where the app passes a constant (the order's placed_at is now(), its request hash and
--   empty flags constants, the reservations' null expiries, zero deltas, line numbers), and the JSON is not
--   computed.
-- * No Idempotency-Key (the HTTP load sends none either), no background jobs, no HTTP.

\set seq :seq + 1
\set rk 1000000000000 + :seq * 1000 + :client_id
\set nl 3
\set r random(1, :nskus - 2)
\set c1 :skubase + :r
\set c2 :c1 + 1
\set c3 :c1 + 2
\set b1 :binbase + (:r - 1) % :nbins + 1
\set b2 :binbase + :r % :nbins + 1
\set b3 :binbase + (:r + 1) % :nbins + 1
\set q1 random(1, 3)
\set q2 random(1, 3)
\set q3 random(1, 3)
\set d1 -1 * :q1
\set d2 -1 * :q2
\set d3 -1 * :q3
\set p1 random(1000, 10000)
\set p2 random(1000, 10000)
\set p3 random(1000, 10000)

-- ===== 1. create-order.ts =====================================================================
-- access_api_key (src/modules/access/db/principals.ts): the HTTP edge reads the integration's key for every request
WITH k AS (
           SELECT k.api_key_id, k.secret_hash, k.name, k.scopes, k.all_warehouses, k.channel, k.last_used_at,
                  u.user_id, u.role, u.all_warehouses AS user_all_warehouses,
                  (SELECT array_agg(w.warehouse_id ORDER BY w.warehouse_id) FROM api_key_warehouses w
                    WHERE w.api_key_id = k.api_key_id) AS key_warehouses,
                  (SELECT array_agg(w.warehouse_id ORDER BY w.warehouse_id) FROM user_warehouses w
                    WHERE w.user_id = u.user_id) AS user_warehouses
             FROM api_keys k JOIN users u ON u.user_id = k.created_by
            WHERE k.prefix = :keyprefix::text AND k.revoked_at IS NULL AND NOT u.is_disabled
              AND (k.expires_at IS NULL OR k.expires_at > now())
         ), touched AS (
           UPDATE api_keys SET last_used_at = now() FROM k
            WHERE api_keys.api_key_id = k.api_key_id AND k.secret_hash = :keyhash::text
              AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '60 seconds')
         )
         SELECT api_key_id, secret_hash, name, scopes, all_warehouses, channel, user_id, role,
                user_all_warehouses, key_warehouses, user_warehouses FROM k;
BEGIN;
-- orders_intake_channel (src/modules/orders/db/channels.ts, requireIntakeChannel), wrapped: the channel's id and the warehouse it ships from in the key's scope, as allocateLines filters ship_from (WH1, the only one); the hold rules come in the same row, none here
SELECT q.channel_id,
       (SELECT w ->> 'warehouse_id' FROM json_array_elements(q.ship_from) w WHERE w ->> 'warehouse_id' = :whid::text LIMIT 1)
         AS warehouse_id
  FROM (
  SELECT c.channel_id, c.code, c.name, c.kind, c.currency, c.buffer_units, c.buffer_percent, c.allow_split,
         c.allow_partial, c.allow_backorder, c.prefer_nearest, c.is_archived, c.version, c.created_at, c.updated_at,
         (SELECT json_agg(json_build_object('warehouse', l.code, 'priority', cw.priority) ORDER BY cw.priority, l.code)
            FROM channel_warehouses cw JOIN locations l ON l.location_id = cw.warehouse_id
           WHERE cw.channel_id = c.channel_id) AS warehouses
    , (SELECT json_agg(json_build_object('warehouse_id', cw.warehouse_id, 'code', l.code, 'priority', cw.priority,
                                          'country', l.country, 'region', l.region) ORDER BY cw.priority, l.code)
          FROM channel_warehouses cw JOIN locations l ON l.location_id = cw.warehouse_id
         WHERE cw.channel_id = c.channel_id AND NOT l.is_archived) AS ship_from,
       (SELECT json_agg(json_build_object('id', r.rule_id, 'name', r.name, 'channel', rc.code, 'condition', r.condition,
                                          'priority', r.priority, 'isActive', r.is_active))
          FROM hold_rules r LEFT JOIN channels rc ON rc.channel_id = r.channel_id
         WHERE r.is_active AND (r.channel_id IS NULL OR r.channel_id = c.channel_id)) AS hold_rules
    FROM channels c WHERE c.channel_id = :channel::text OR lower(c.code) = lower(:channel::text)
) q \gset ch_
-- catalog_resolve_skus (src/modules/catalog/db/skus.ts), wrapped: the lines' SKU ids in line order (codes sort as numbers); none is a kit, so the app looks up no kit components
SELECT array_agg(q.sku_id ORDER BY q.code) AS ids FROM (
SELECT s.sku_id, s.code, s.is_archived, s.is_kit, w.wanted
               FROM unnest((ARRAY['SKU-' || :c1::text, 'SKU-' || :c2::text, 'SKU-' || :c3::text])[1 : :nl]) AS w(wanted) JOIN skus s ON lower(s.code) = lower(w.wanted)
) q \gset rs_
-- orders_insert_order (src/modules/orders/commands/create-order.ts): the order keyed by (channel, external id), its lines and the timeline's "created", in one statement
WITH o AS (
           INSERT INTO orders (order_id, channel_id, external_id, status, placed_at, promised_at, currency, ship_to, bill_to,
                               shipping_method, payment_status, subtotal_minor, discount_minor, shipping_minor, tax_minor,
                               total_minor, notes, tags, request_hash, created_by, updated_by, flags)
           VALUES ('ord_' || :tag::text || :rk::text, :ch_channel_id::text, 'PGB-' || :tag::text || '-' || :rk::text, 'pending', now(), NULL::timestamptz, 'EUR'::text, '{"name": "Bench Customer", "line1": "1 rue du Test", "city": "Paris", "country": "FR"}'::jsonb, NULL::jsonb, NULL::text, 'unknown'::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::text, '{}'::text[],
                   '373a5ab5671f560286c55834d3f958da0fcd877bdaf4c3d8a36e8136f9093301'::text, :actor_id::text, :actor_id::text, '{}'::text[])
           ON CONFLICT (channel_id, external_id) DO NOTHING
           RETURNING order_id
         ), l AS (
           INSERT INTO order_lines (order_id, line_no, sku_id, external_line_id, title, qty_ordered, unit_price_minor,
                                    discount_minor, tax_minor)
           SELECT o.order_id, n, sku, ext, title, qty, price, discount, tax
             FROM o, unnest((ARRAY[1, 2, 3])[1 : :nl], :rs_ids::text[], (ARRAY[NULL::text, NULL::text, NULL::text])[1 : :nl],
                            (ARRAY[NULL::text, NULL::text, NULL::text])[1 : :nl], (ARRAY[:q1::bigint, :q2::bigint, :q3::bigint])[1 : :nl],
                            (ARRAY[:p1::bigint, :p2::bigint, :p3::bigint])[1 : :nl], (ARRAY[0::bigint, 0::bigint, 0::bigint])[1 : :nl],
                            (ARRAY[0::bigint, 0::bigint, 0::bigint])[1 : :nl]) AS l(n, sku, ext, title, qty, price, discount, tax)
         ), e AS (
           INSERT INTO order_events (order_id, event, from_status, to_status, reason, details, actor_kind, actor_id,
                                     request_id)
           SELECT o.order_id, 'created', NULL, 'pending', NULL, '{"channel": "BENCH-WEB", "externalId": "PGB-m-1000000001001", "lines": 3, "flags": []}'::jsonb, :actor_kind::text, :actor_id::text,
                  'req_' || :tag::text || :rk::text FROM o
         )
         SELECT order_id FROM o \gset o_
-- s_wCWrCcwjYZOhqD_JwwIm: lock the SKUs' balance rows and read what is available (src/modules/orders/db/allocation.ts), wrapped
SELECT count(*) AS n, coalesce(min(q.available), 0) AS least FROM (
WITH locked AS (
             SELECT b.location_id, b.sku_id, b.on_hand, b.reserved
               FROM stock_balances b
               JOIN locations l ON l.location_id = b.location_id
              WHERE b.sku_id = ANY(:rs_ids::text[]) AND l.warehouse_id = ANY((ARRAY[:ch_warehouse_id::text])[1 : 1]) AND b.is_physical
                AND NOT l.is_archived AND l.usage = 'storage'
              ORDER BY b.location_id COLLATE "C", b.sku_id COLLATE "C"
                FOR UPDATE OF b
           )
           SELECT w.code AS warehouse, l.code AS location, s.code AS sku, (k.on_hand - k.reserved)::bigint AS available
             FROM locked k
             JOIN locations l ON l.location_id = k.location_id
             JOIN locations w ON w.location_id = l.warehouse_id
             JOIN skus s ON s.sku_id = k.sku_id
            WHERE k.on_hand > k.reserved
) q \gset of_
\if :of_n < :nl OR :of_least < 3
ROLLBACK;
\else
-- --- the lines' reservations, one per line, all at once (src/modules/inventory/commands/reserve-stock.ts, reserveManyInTransaction) ---
-- inv_resolve_refs (src/modules/inventory/db/refs.ts), wrapped: the lines' SKU and bin ids in line order, and the balance keys in lock order
WITH q AS (
  WITH l AS (
    SELECT location_id, code, kind, is_physical, is_archived, warehouse_id, usage FROM locations
     WHERE lower(code) = ANY((ARRAY['wh1/a-' || :b1::text, 'wh1/a-' || :b2::text, 'wh1/a-' || :b3::text])[1 : :nl]) AND ((ARRAY[:whid::text])[1 : 1] IS NULL OR warehouse_id = ANY((ARRAY[:whid::text])[1 : 1]))
  )
  SELECT 's' AS t, sku_id AS id, code, NULL AS kind, NULL::boolean AS is_physical, is_archived,
         NULL AS warehouse_id, NULL AS warehouse_code, NULL AS usage
    FROM skus WHERE lower(code) = ANY((ARRAY['sku-' || :c1::text, 'sku-' || :c2::text, 'sku-' || :c3::text])[1 : :nl])
  UNION ALL
  SELECT 'l', l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id, w.code, l.usage
    FROM l JOIN locations w ON w.location_id = l.warehouse_id
  UNION ALL
  SELECT 'v', v.location_id, v.code, v.kind, v.is_physical, v.is_archived, v.warehouse_id, w.code, v.usage
    FROM locations v JOIN locations w ON w.location_id = v.warehouse_id
   WHERE v.kind = NULLIF(:supplier::text, :supplier::text) AND v.warehouse_id IN (SELECT warehouse_id FROM l)
)
SELECT array_agg(s.id ORDER BY w.i) AS skus, array_agg(l.id ORDER BY w.i) AS locs,
       array_agg(s.id ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS kskus,
       array_agg(l.id ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS klocs,
       array_agg(w.qty ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS kqtys,
       array_agg(s.code ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS kcodes,
       array_agg(l.warehouse_id ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS kwhs,
       array_agg(l.warehouse_code ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS kwhcodes,
       array_agg(-w.qty ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS kdeltas
  FROM unnest(ARRAY['sku-' || :c1::text, 'sku-' || :c2::text, 'sku-' || :c3::text],
              ARRAY['wh1/a-' || :b1::text, 'wh1/a-' || :b2::text, 'wh1/a-' || :b3::text],
              ARRAY[:q1::bigint, :q2::bigint, :q3::bigint]) WITH ORDINALITY AS w(sku, loc, qty, i)
  JOIN q s ON s.t = 's' AND lower(s.code) = w.sku
  JOIN q l ON l.t = 'l' AND lower(l.code) = w.loc
 WHERE w.i <= :nl \gset rf_
-- inv_insert_reservations (src/modules/inventory/commands/reserve-stock.ts): the lines' reservations, one line each
WITH r AS (
           INSERT INTO reservations (reservation_id, reference, expires_at, created_by_kind, created_by, request_id)
           SELECT x.id, x.reference, x.expires_at, :actor_kind::text, :actor_id::text, 'req_' || :tag::text || :rk::text
             FROM unnest((ARRAY['res_' || :tag::text || :rk::text || 'l1', 'res_' || :tag::text || :rk::text || 'l2',
                                'res_' || :tag::text || :rk::text || 'l3'])[1 : :nl],
                         (ARRAY['order ' || :o_order_id::text || ' line 1', 'order ' || :o_order_id::text || ' line 2',
                                'order ' || :o_order_id::text || ' line 3'])[1 : :nl],
                         (ARRAY[NULL::timestamptz, NULL::timestamptz, NULL::timestamptz])[1 : :nl]) AS x(id, reference, expires_at)
            WHERE x.expires_at IS NULL OR x.expires_at > now()
           RETURNING reservation_id, created_at
         ), l AS (
           INSERT INTO reservation_lines (reservation_id, line_no, sku_id, location_id, qty)
           SELECT r.reservation_id, l.n, l.sku, l.loc, l.qty
             FROM unnest((ARRAY['res_' || :tag::text || :rk::text || 'l1', 'res_' || :tag::text || :rk::text || 'l2',
                                'res_' || :tag::text || :rk::text || 'l3'])[1 : :nl], (ARRAY[1, 1, 1])[1 : :nl],
                         :rf_skus::text[], :rf_locs::text[], (ARRAY[:q1::bigint, :q2::bigint, :q3::bigint])[1 : :nl]) AS l(rid, n, sku, loc, qty)
             JOIN r ON r.reservation_id = l.rid
         )
         SELECT reservation_id, created_at FROM r;
-- inv_guarded_apply (src/modules/inventory/db/balances.ts): the three bins' reserved +q, in lock order
\set g_reserved -1
WITH d AS MATERIALIZED (
           SELECT * FROM unnest(:rf_klocs::text[], :rf_kskus::text[], array_fill(0::bigint, ARRAY[:nl::int]), :rf_kqtys::bigint[])
                    AS d(location_id, sku_id, on_hand_delta, reserved_delta)
         ), locked AS MATERIALIZED (
           SELECT b.location_id, b.sku_id, b.is_physical, b.on_hand, b.reserved
             FROM stock_balances b JOIN d ON b.location_id = d.location_id AND b.sku_id = d.sku_id
            ORDER BY b.location_id COLLATE "C", b.sku_id COLLATE "C"
              FOR UPDATE OF b
         ), verdict AS (
           SELECT count(*) AS passing FROM locked l JOIN d ON l.location_id = d.location_id AND l.sku_id = d.sku_id
            WHERE l.reserved + d.reserved_delta >= 0
              AND (NOT l.is_physical OR l.on_hand + d.on_hand_delta >= l.reserved + d.reserved_delta)
         )
         UPDATE stock_balances b
            SET on_hand = b.on_hand + d.on_hand_delta, reserved = b.reserved + d.reserved_delta, updated_at = now()
           FROM d
          WHERE b.location_id = d.location_id AND b.sku_id = d.sku_id
            AND (SELECT passing FROM verdict) = :nl
         RETURNING b.location_id, b.sku_id, b.on_hand, b.reserved \aset g_
\if :g_reserved < 0
ROLLBACK;
\else
-- inv_stock_events (src/modules/inventory/db/balances.ts): stock.changed for the three bins, and stock.low had a reorder point been crossed (none is set)
WITH changed AS (
           INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
           VALUES ('evt_' || :tag::text || :rk::text || 's', 'stock.changed', 'sku', (:rf_kcodes::text[])[1],
                   '{"items": [{"sku": "SKU-10001", "location": "WH1/A-101", "onHand": 1000, "reserved": 2, "available": 998, "warehouse": "WH1"}, {"sku": "SKU-10002", "location": "WH1/A-102", "onHand": 1000, "reserved": 2, "available": 998, "warehouse": "WH1"}, {"sku": "SKU-10003", "location": "WH1/A-103", "onHand": 1000, "reserved": 2, "available": 998, "warehouse": "WH1"}]}'::jsonb)
         ), d AS (
           SELECT * FROM unnest(:rf_kskus::text[], :rf_kcodes::text[], :rf_kwhs::text[], :rf_kwhcodes::text[], :rf_kdeltas::bigint[],
                                (ARRAY['evt_' || :tag::text || :rk::text || 's1', 'evt_' || :tag::text || :rk::text || 's2',
                                       'evt_' || :tag::text || :rk::text || 's3'])[1 : :nl])
                    AS d(sku_id, sku, warehouse_id, warehouse, delta, event_id)
         ), low AS (
           SELECT d.*, rp.low_at, rp.reorder_qty,
                  (SELECT coalesce(sum(b.on_hand - b.reserved), 0) FROM stock_balances b
                     JOIN locations l ON l.location_id = b.location_id
                    WHERE b.sku_id = d.sku_id AND l.warehouse_id = d.warehouse_id AND b.is_physical) AS available
             FROM d JOIN reorder_points rp ON rp.sku_id = d.sku_id AND rp.warehouse_id = d.warehouse_id
         )
         INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
         SELECT event_id, 'stock.low', 'sku', sku,
                jsonb_build_object('sku', sku, 'warehouse', warehouse, 'available', available, 'lowAt', low_at,
                                   'reorderQty', reorder_qty)
           FROM low WHERE available < low_at AND available - delta >= low_at;
-- s_EzkkOXk3X5Pvu6jYtNNX: the lines' reservations and allocated units, one statement (src/modules/orders/db/allocation.ts)
WITH held AS (
       INSERT INTO order_line_reservations (order_id, line_no, reservation_id)
       SELECT :o_order_id::text, r.line_no, r.reservation_id FROM unnest((ARRAY[1, 2, 3])[1 : :nl], (ARRAY['res_' || :tag::text || :rk::text || 'l1', 'res_' || :tag::text || :rk::text || 'l2', 'res_' || :tag::text || :rk::text || 'l3'])[1 : :nl]) AS r(line_no, reservation_id)
     )
     UPDATE order_lines ol
        SET qty_allocated = ol.qty_allocated + b.picked, qty_backordered = ol.qty_backordered + b.backordered,
            qty_cancelled = ol.qty_cancelled + b.unfulfilled
       FROM unnest((ARRAY[1, 2, 3])[1 : :nl], (ARRAY[:q1::bigint, :q2::bigint, :q3::bigint])[1 : :nl],
                   (ARRAY[0::bigint, 0::bigint, 0::bigint])[1 : :nl], (ARRAY[0::bigint, 0::bigint, 0::bigint])[1 : :nl])
            AS b(line_no, picked, backordered, unfulfilled)
      WHERE ol.order_id = :o_order_id::text AND ol.line_no = b.line_no;
-- --- the order's status, allocation and timeline, then the answer, the outbox and the audit ---
-- orders_set_allocated (src/modules/orders/commands/create-order.ts): the status (derived from the buckets just written), the allocation decision and the timeline's "allocated", in one statement
WITH e AS (
           INSERT INTO order_events (order_id, event, from_status, to_status, reason, details, actor_kind, actor_id,
                                     request_id)
           VALUES (:o_order_id::text, 'allocated'::text, 'pending', :allocated::text, 'WH1: the only warehouse with all 3 lines'::text,
                   '{"status": "allocated", "warehouses": ["WH1"], "explanation": ["WH1: the only warehouse with all 3 lines", "All 6 units allocated."]}'::jsonb, :actor_kind::text, :actor_id::text, 'req_' || :tag::text || :rk::text)
         )
         UPDATE orders SET status = :allocated::text, allocation = '{"status": "allocated", "warehouses": ["WH1"], "explanation": ["WH1: the only warehouse with all 3 lines", "All 6 units allocated."]}'::jsonb, updated_at = now(), updated_by = :actor_id::text
          WHERE order_id = :o_order_id::text;
-- s_LsY17x5LJW1gQ1zciIrK: read the order back for the answer and the event (src/modules/orders/db/orders.ts, readOrder, no scope)

  SELECT o.order_id, c.code AS channel_code, o.external_id, o.status, o.on_hold, o.hold_reason, o.placed_at,
         o.promised_at, o.currency, o.customer_id, cu.external_id AS customer_external_id, cu.name AS customer_name,
         cu.email AS customer_email, o.ship_to, o.bill_to, o.shipping_method, o.payment_status, o.subtotal_minor,
         o.discount_minor, o.shipping_minor, o.tax_minor, o.total_minor, o.flags, o.notes, o.tags, o.allocation,
         o.version, o.created_at, o.updated_at, (
  SELECT json_agg(json_build_object(
           'lineNo', ol.line_no, 'sku', s.code, 'title', ol.title, 'externalLineId', ol.external_line_id,
           'qtyOrdered', ol.qty_ordered, 'qtyAllocated', ol.qty_allocated, 'qtyBackordered', ol.qty_backordered,
           'qtyShipped', ol.qty_shipped, 'qtyCancelled', ol.qty_cancelled, 'qtyReturned', ol.qty_returned,
           'qtyInFulfilment', ol.qty_in_fulfilment,
           'unitPriceMinor', ol.unit_price_minor, 'discountMinor', ol.discount_minor, 'taxMinor', ol.tax_minor,
           'allocations', coalesce((
             SELECT json_agg(json_build_object('warehouse', w.code, 'location', l.code, 'qty', rl.qty - rl.posted_qty,
                                               'reservationId', r.reservation_id, 'shipmentId', olr.shipment_id)
                              ORDER BY l.code)
               FROM order_line_reservations olr
               JOIN reservations r ON r.reservation_id = olr.reservation_id AND r.status = 'open'
               JOIN reservation_lines rl ON rl.reservation_id = r.reservation_id
               JOIN locations l ON l.location_id = rl.location_id
               JOIN locations w ON w.location_id = l.warehouse_id
              WHERE olr.order_id = ol.order_id AND olr.line_no = ol.line_no), '[]'::json))
         ORDER BY ol.line_no)
    FROM order_lines ol JOIN skus s ON s.sku_id = ol.sku_id
   WHERE ol.order_id = o.order_id) AS lines
    FROM orders o
    JOIN channels c ON c.channel_id = o.channel_id
    LEFT JOIN customers cu ON cu.customer_id = o.customer_id WHERE o.order_id = :o_order_id::text AND (NULLIF(ARRAY[:whid::text], ARRAY[:whid::text]) IS NULL OR EXISTS (
      SELECT 1 FROM channel_warehouses scw WHERE scw.channel_id = o.channel_id AND scw.warehouse_id = ANY(NULLIF(ARRAY[:whid::text], ARRAY[:whid::text]))));
-- outbox_insert (src/events/outbox.ts): order.created (with the order) and order.allocated
INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
         SELECT * FROM unnest((ARRAY['evt_' || :tag::text || :rk::text || 'c', 'evt_' || :tag::text || :rk::text || 'a'])[1 : 2],
                              (ARRAY['order.created', 'order.allocated'])[1 : 2], (ARRAY['order', 'order'])[1 : 2],
                              (ARRAY[:o_order_id::text, :o_order_id::text])[1 : 2],
                              (ARRAY[('{"orderId": "ord_01M8DZMXMZX46HS5D7D8BD548N", "channel": "BENCH-WEB", "externalId": "PGB-m-1000000001001", "status": "allocated", "order": {"id": "ord_01M8DZMXMZX46HS5D7D8BD548N", "channel": "BENCH-WEB", "externalId": "PGB-m-1000000001001", "status": "allocated", "onHold": false, "holdReason": null, "placedAt": "2026-11-27T07:' || '48:' || '48.905Z", "promisedAt": null, "currency": "EUR", "customer": null, "shipTo": {"city": "Paris", "name": "Bench Customer", "line1": "1 rue du Test", "country": "FR"}, "billTo": null, "shippingMethod": null, "paymentStatus": "unknown", "totals": {"subtotalMinor": null, "discountMinor": null, "shippingMinor": null, "taxMinor": null, "totalMinor": null}, "flags": [], "notes": null, "tags": [], "lines": [{"lineNo": 1, "sku": "SKU-10001", "title": null, "externalLineId": null, "qtyOrdered": 2, "qtyAllocated": 2, "qtyBackordered": 0, "qtyShipped": 0, "qtyCancelled": 0, "qtyReturned": 0, "qtyInFulfilment": 0, "unitPriceMinor": 1000, "discountMinor": 0, "taxMinor": 0, "allocations": [{"warehouse": "WH1", "location": "WH1/A-101", "qty": 2, "reservationId": "res_01M8DZMXN9HCZ4TK3HG32D0CMR", "shipmentId": null}]}, {"lineNo": 2, "sku": "SKU-10002", "title": null, "externalLineId": null, "qtyOrdered": 2, "qtyAllocated": 2, "qtyBackordered": 0, "qtyShipped": 0, "qtyCancelled": 0, "qtyReturned": 0, "qtyInFulfilment": 0, "unitPriceMinor": 1000, "discountMinor": 0, "taxMinor": 0, "allocations": [{"warehouse": "WH1", "location": "WH1/A-102", "qty": 2, "reservationId": "res_01M8DZMXNGC4YG01B4AWCF9420", "shipmentId": null}]}, {"lineNo": 3, "sku": "SKU-10003", "title": null, "externalLineId": null, "qtyOrdered": 2, "qtyAllocated": 2, "qtyBackordered": 0, "qtyShipped": 0, "qtyCancelled": 0, "qtyReturned": 0, "qtyInFulfilment": 0, "unitPriceMinor": 1000, "discountMinor": 0, "taxMinor": 0, "allocations": [{"warehouse": "WH1", "location": "WH1/A-103", "qty": 2, "reservationId": "res_01M8DZMXNM91E744P3Z32QTAJE", "shipmentId": null}]}], "allocation": {"status": "allocated", "warehouses": ["WH1"], "explanation": ["WH1: the only warehouse with all 3 lines", "All 6 units allocated."]}, "version": 1, "createdAt": "2026-11-27T07:' || '48:' || '48.925Z", "updatedAt": "2026-11-27T07:' || '48:' || '48.925Z"}}')::jsonb,
                                     '{"orderId": "ord_01M8DZMXMZX46HS5D7D8BD548N", "channel": "BENCH-WEB", "externalId": "PGB-m-1000000001001", "status": "allocated", "warehouses": ["WH1"], "explanation": ["WH1: the only warehouse with all 3 lines", "All 6 units allocated."]}'::jsonb])[1 : 2]);
-- audit_insert (src/db/command.ts): the command's one audit record
INSERT INTO audit_log (audit_id, actor_kind, actor_id, actor_role, operation, target_type, target_id,
                                before, after, reason, request_id, warehouse_ids)
         VALUES ('aud_' || :tag::text || :rk::text, :actor_kind::text, :actor_id::text, 'owner'::text, 'orders.create_order'::text,
                 'order'::text, :o_order_id::text, 'null'::jsonb, '{"channel": "BENCH-WEB", "externalId": "PGB-m-1000000001001", "status": "allocated", "lines": 3, "allocation": {"status": "allocated", "warehouses": ["WH1"], "explanation": ["WH1: the only warehouse with all 3 lines", "All 6 units allocated."]}}'::jsonb, NULL::text,
                 'req_' || :tag::text || :rk::text, NULL::text[]);
COMMIT;
\endif
\endif
