-- One benchmark cycle, as pgbench sees it: the SQL Coulisse sends for
--   1. POST /v1/stock/receipts             (src/modules/inventory/commands/receive-stock.ts)
--   2. POST /v1/reservations, 1-3 lines    (src/modules/inventory/commands/reserve-stock.ts)
--   3. POST /v1/reservations/{id}/post     (src/modules/inventory/commands/post-reservation.ts)
-- as three transactions in one script, so pgbench's "tps" is cycles per second.
--
-- Run by bench/run.ts: pgbench -n -M prepared -c 32 -j 2 -T <s> -r -f cycle.sql -D nskus=… (see there),
-- on a fresh database seeded by the same code as the HTTP scenarios (bench/lib/dataset.ts).
--
-- app SQL fingerprint: d3767c91cffac512
-- (bench/lib/probe.ts records the statements the app sends for one cycle; bench/run.ts warns, and marks
-- the pgbench rows stale, when their sequence or this fingerprint of their text no longer match: then this
-- file must be brought up to date with src/ before the ratio means anything.)
--
-- How it is kept equivalent:
-- * The same statements in the same order, with the same text (copied from src/; each names its source),
--   in the same transactions: 7 round trips for a receipt (its arrival asks whether backorders wait for
--   it), 7 for a reservation, 8 for a post, counting BEGIN, COMMIT, the stock events and the audit record
--   each command writes; plus, before each, the statement the HTTP edge sends to authenticate the
--   integration's API key (access_api_key): 25 a cycle, whatever the reservation's number of lines (1-3).
--   SKUs, bins, lines and quantities are drawn as in bench/lib/load.ts.
--   The stock events are one statement per command (inv_stock_events): stock.changed, and stock.low for each
--   (SKU, warehouse) whose availability fell below its reorder point. Only a reservation makes availability
--   fall, so only it passes candidates (its lines' SKUs, codes, warehouses and -q, from the refs wrapper); the
--   seeded data set has no reorder points, so stock.low is never written, in the app as here.
--   A reservation is inserted with its lines by inv_insert_reservations, the batch statement an order also
--   uses: arrays of one reservation here.
--   Every statement of the cycle is a named (prepared) statement in the app too.
-- * Where the app passes an array parameter ($1::text[]), the script passes an array too: a value read
--   back with \gset, or an array built from scalar variables and sliced, (ARRAY[…])[1 : n]. The slice
--   matters: PostgreSQL folds it to a constant in a custom plan and cannot in a generic one, exactly as for
--   a parameter, so row estimates (and the custom/generic plan choice) are the app's. (Slices are written
--   `[1 : …]` with spaces: pgbench would take `:1` for a variable.)
-- * pgbench variables are numbers, so scalar text parameters (a bin code, a reservation id) are written as
--   expressions of them ('wh1/a-' || :sb, 'res_' || :tag || :rk); in a custom plan they fold to constants.
--   Codes are lower-cased as the app does before it sends them (refs.ts).
-- * A reservation resolves its references without a virtual location: the app passes $3 = null. pgbench
--   cannot pass a null, so $3 is NULLIF(:supplier::text, :supplier::text): null, folded away in a custom
--   plan and kept in a generic one, like a null parameter. (A literal NULL would not do: on the seeded
--   database this statement goes generic after five executions, and the generic plan runs the `v` branch.)
-- * What the app computes in JavaScript between statements (the ids it resolved, a reservation's lines in
--   (location id, SKU id) order, the moves and the merged, sorted balance keys of a post) the script
--   computes in SQL: the statements whose rows it needs later are wrapped, as
--   `SELECT array_agg(…) FROM (<the app's statement>) q \gset`, or `WITH q AS (<the app's statement>)
--   SELECT … \gset` when the wrapper reads it twice, or, for inv_end_reservation, whose UPDATE must stay a
--   top-level WITH, with its final SELECT moved into a second CTE `q`. The inner statement, its plan and
--   its locks are unchanged; the wrapper adds aggregates over at most 6 rows. The arrays are sent in the
--   app's order, so the keys reach the guarded statement sorted, as the app sorts them (mergeChanges).
-- * The moves' time format 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"' is written 'YYYY-MM-DD"T"HH24:' || 'MI:' || …:
--   pgbench would take `:MI` inside the literal for a variable. The planner folds it back to the constant.
-- * Ids: the app makes ULIDs (`mov_01J…`, 30 characters, time-ordered); the script makes
--   `mov_<tag><13 digits>…` from a per-client counter (shorter, ordered per client, not globally).
-- * A statement whose rows the app checks ends the transaction in ROLLBACK when it finds none, as the app's
--   error does: the guarded update (insufficient stock) and ending the reservation (not open). The post runs
--   only if its reservation committed. With the seeded stock this does not happen; bench/run.ts checks
--   afterwards that every cycle's receipt and post are in the database and that the ledger is consistent.
-- Differences, all in pgbench's favour:
-- * When a guard fails the app reads more before it answers (the balances, to name the shortage; the
--   reservation's status, to say why it could not be ended) and a reservation first expires due holds and
--   tries again; the script only rolls back.
-- * Literals stand where the app passes a constant or the reservation's null expiry (the expiry array
--   ARRAY[NULL::timestamptz] of inv_insert_reservations, the 'receipt' and 'post' move types).
-- * No Idempotency-Key (the HTTP client sends none either), no background expiry sweeper, no HTTP.
-- * The audit records' before/after and the stock.changed payloads (one item per bin, 1-3) are constants of
--   the same size as the app's, not computed.

\set seq :seq + 1
\set rk 1000000000000 + :seq * 1000 + :client_id
-- receipt: one SKU into its bin
\set s random(1, :nskus)
\set sc :skubase + :s
\set sb :binbase + (:s - 1) % :nbins + 1
\set q random(1, 10)
\set nq -1 * :q
-- reservation: n lines, SKUs r, r+1, r+2 in their bins, 1-3 units each
\set r random(1, :nskus - 2)
\set n random(1, 3)
\set c1 :skubase + :r
\set c2 :c1 + 1
\set c3 :c1 + 2
\set b1 :binbase + (:r - 1) % :nbins + 1
\set b2 :binbase + :r % :nbins + 1
\set b3 :binbase + (:r + 1) % :nbins + 1
\set q1 random(1, 3)
\set q2 random(1, 3)
\set q3 random(1, 3)

-- ===== 1. receive-stock.ts ====================================================================
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
-- inv_resolve_refs_locked (src/modules/inventory/db/refs.ts), wrapped: SKU, bin, @supplier, sorted balance keys
SELECT min(q.id) FILTER (WHERE q.t = 's') AS sku, min(q.id) FILTER (WHERE q.t = 'l') AS bin,
       min(q.id) FILTER (WHERE q.t = 'v') AS src,
       array_agg(q.id ORDER BY q.id COLLATE "C") FILTER (WHERE q.t <> 's') AS klocs,
       array_agg(q.t = 'l' ORDER BY q.id COLLATE "C") FILTER (WHERE q.t <> 's') AS kphys,
       array_agg(CASE q.t WHEN 'l' THEN :q::bigint ELSE :nq::bigint END ORDER BY q.id COLLATE "C")
         FILTER (WHERE q.t <> 's') AS kdeltas FROM (
  WITH l AS (
    SELECT location_id, code, kind, is_physical, is_archived, warehouse_id, usage FROM locations
     WHERE lower(code) = ANY((ARRAY['wh1/a-' || :sb::text])[1 : 1]) AND ((ARRAY[:whid::text])[1 : 1] IS NULL OR warehouse_id = ANY((ARRAY[:whid::text])[1 : 1]))
     ORDER BY location_id FOR KEY SHARE
  )
  SELECT 's' AS t, sku_id AS id, code, NULL AS kind, NULL::boolean AS is_physical, is_archived,
         NULL AS warehouse_id, NULL AS warehouse_code, NULL AS usage
    FROM skus WHERE lower(code) = ANY((ARRAY['sku-' || :sc::text])[1 : 1])
  UNION ALL
  SELECT 'l', l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id, w.code, l.usage
    FROM l JOIN locations w ON w.location_id = l.warehouse_id
  UNION ALL
  SELECT 'v', v.location_id, v.code, v.kind, v.is_physical, v.is_archived, v.warehouse_id, w.code, v.usage
    FROM locations v JOIN locations w ON w.location_id = v.warehouse_id
   WHERE v.kind = :supplier::text AND v.warehouse_id IN (SELECT warehouse_id FROM l)
) q \gset rr_
-- inv_write_safe (src/modules/inventory/db/ledger.ts): the move @supplier -> bin, @supplier -q and bin +q upserted
WITH ins AS (
  INSERT INTO stock_moves (move_id, sku_id, from_location_id, to_location_id, qty, move_type, reason, reference, note,
                           reservation_id, transfer_id, actor_kind, actor_id, request_id, occurred_at)
  SELECT m.id, m.sku, m.src, m.dst, m.qty, m.type, m.reason, m.reference, m.note, m.reservation, m.transfer,
         :actor_kind::text, :actor_id::text, 'req_' || :tag::text || :rk::text || 'a', coalesce(m.occurred, now())
    FROM unnest((ARRAY['mov_' || :tag::text || :rk::text || 'a'])[1 : 1], (ARRAY[:rr_sku::text])[1 : 1],
                (ARRAY[:rr_src::text])[1 : 1], (ARRAY[:rr_bin::text])[1 : 1], (ARRAY[:q::bigint])[1 : 1],
                (ARRAY['receipt'])[1 : 1], (ARRAY['receipt'])[1 : 1], (ARRAY[NULL::text])[1 : 1],
                (ARRAY[NULL::text])[1 : 1], (ARRAY[NULL::text])[1 : 1], (ARRAY[NULL::text])[1 : 1],
                (ARRAY[NULL::timestamptz])[1 : 1])
         AS m(id, sku, src, dst, qty, type, reason, reference, note, reservation, transfer, occurred)
  RETURNING move_id, move_seq, occurred_at, recorded_at),
         up AS (
           INSERT INTO stock_balances (location_id, sku_id, is_physical, on_hand)
           SELECT k.location_id, k.sku_id, k.is_physical, k.on_hand_delta
             FROM unnest(:rr_klocs::text[], (ARRAY[:rr_sku::text, :rr_sku::text])[1 : 2], :rr_kphys::boolean[],
                         :rr_kdeltas::bigint[]) AS k(location_id, sku_id, is_physical, on_hand_delta)
            ORDER BY k.location_id COLLATE "C", k.sku_id COLLATE "C"
           ON CONFLICT (location_id, sku_id) DO UPDATE
              SET on_hand = stock_balances.on_hand + EXCLUDED.on_hand, updated_at = now()
           RETURNING location_id, sku_id, on_hand, reserved)
         SELECT (SELECT json_agg(json_build_object(
    'id', move_id, 'seq', move_seq,
    'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:' || 'MI:' || 'SS.MS"Z"'),
    'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:' || 'MI:' || 'SS.MS"Z"'))) FROM ins) AS moves,
                (SELECT json_agg(json_build_object('location_id', location_id, 'sku_id', sku_id, 'on_hand', on_hand,
                                                   'reserved', reserved)) FROM up) AS balances;
-- inv_stock_events (src/modules/inventory/db/balances.ts): stock.changed for the bin; nothing fell, so no stock.low candidates
WITH changed AS (
           INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
           VALUES ('evt_' || :tag::text || :rk::text || 'a', 'stock.changed', 'sku', 'SKU-' || :sc::text, '{"items": [{"sku": "SKU-10001", "location": "WH1/A-101", "onHand": 1005, "reserved": 3, "available": 1002, "warehouse": "WH1"}]}'::jsonb)
         ), d AS (
           SELECT * FROM unnest((ARRAY[:whid::text])[1 : 0], (ARRAY[:whid::text])[1 : 0], (ARRAY[:whid::text])[1 : 0],
                                (ARRAY[:whid::text])[1 : 0], (ARRAY[:n::bigint])[1 : 0], (ARRAY[:whid::text])[1 : 0])
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
-- orders_waiting_for_arrival (src/modules/orders/commands/fill-backorders.ts): stock arrived; backorders waiting for it?
SELECT o.order_id, o.channel_id, o.ship_to, o.status, ol.line_no, ol.sku_id, s.code AS sku, ol.qty_backordered
               FROM order_lines ol
               JOIN orders o ON o.order_id = ol.order_id
               JOIN skus s ON s.sku_id = ol.sku_id
              WHERE (ol.sku_id = ANY((ARRAY[:rr_sku::text])[1 : 1])
                     OR ol.sku_id IN (SELECT kit_sku_id FROM sku_components WHERE component_sku_id = ANY((ARRAY[:rr_sku::text])[1 : 1])))
                AND ol.qty_backordered > 0
                AND EXISTS (SELECT 1 FROM channel_warehouses cw
                             WHERE cw.channel_id = o.channel_id AND cw.warehouse_id = ANY((ARRAY[:whid::text])[1 : 1]))
              ORDER BY o.promised_at NULLS LAST, o.placed_at, o.order_id, ol.line_no
              LIMIT 200
                FOR UPDATE OF o, ol SKIP LOCKED;
-- audit_insert (src/db/command.ts): the command's one audit record
INSERT INTO audit_log (audit_id, actor_kind, actor_id, actor_role, operation, target_type, target_id,
                                before, after, reason, request_id, warehouse_ids)
         VALUES ('aud_' || :tag::text || :rk::text || 'a', :actor_kind::text, :actor_id::text, 'owner'::text, 'inventory.receive_stock'::text,
                 'stock'::text, 'SKU-' || :sc::text || '@WH1/A-' || :sb::text, '{"onHand": 1000}'::jsonb, '{"onHand": 1005}'::jsonb, 'receipt'::text, 'req_' || :tag::text || :rk::text || 'a',
                 ARRAY[:whid::text]::text[]);
COMMIT;

-- ===== 2. reserve-stock.ts ====================================================================
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
-- inv_resolve_refs (src/modules/inventory/db/refs.ts), wrapped: the lines' ids, codes and quantities, sorted as sumDemand does
WITH q AS (
  WITH l AS (
    SELECT location_id, code, kind, is_physical, is_archived, warehouse_id, usage FROM locations
     WHERE lower(code) = ANY((ARRAY['wh1/a-' || :b1::text, 'wh1/a-' || :b2::text, 'wh1/a-' || :b3::text])[1 : :n]) AND ((ARRAY[:whid::text])[1 : 1] IS NULL OR warehouse_id = ANY((ARRAY[:whid::text])[1 : 1]))
  )
  SELECT 's' AS t, sku_id AS id, code, NULL AS kind, NULL::boolean AS is_physical, is_archived,
         NULL AS warehouse_id, NULL AS warehouse_code, NULL AS usage
    FROM skus WHERE lower(code) = ANY((ARRAY['sku-' || :c1::text, 'sku-' || :c2::text, 'sku-' || :c3::text])[1 : :n])
  UNION ALL
  SELECT 'l', l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id, w.code, l.usage
    FROM l JOIN locations w ON w.location_id = l.warehouse_id
  UNION ALL
  SELECT 'v', v.location_id, v.code, v.kind, v.is_physical, v.is_archived, v.warehouse_id, w.code, v.usage
    FROM locations v JOIN locations w ON w.location_id = v.warehouse_id
   WHERE v.kind = NULLIF(:supplier::text, :supplier::text) AND v.warehouse_id IN (SELECT warehouse_id FROM l)
)
SELECT array_agg(s.id ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS skus,
       array_agg(l.id ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS locs,
       array_agg(w.qty ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS qtys,
       array_agg(s.code ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS codes,
       array_agg(l.warehouse_id ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS whs,
       array_agg(l.warehouse_code ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS whcodes,
       array_agg(-w.qty ORDER BY l.id COLLATE "C", s.id COLLATE "C") AS deltas
  FROM unnest(ARRAY['sku-' || :c1::text, 'sku-' || :c2::text, 'sku-' || :c3::text],
              ARRAY['wh1/a-' || :b1::text, 'wh1/a-' || :b2::text, 'wh1/a-' || :b3::text],
              ARRAY[:q1::bigint, :q2::bigint, :q3::bigint]) WITH ORDINALITY AS w(sku, loc, qty, i)
  JOIN q s ON s.t = 's' AND lower(s.code) = w.sku
  JOIN q l ON l.t = 'l' AND lower(l.code) = w.loc
 WHERE w.i <= :n \gset rv_
-- inv_insert_reservations (src/modules/inventory/commands/reserve-stock.ts): one reservation and its lines
WITH r AS (
           INSERT INTO reservations (reservation_id, reference, expires_at, created_by_kind, created_by, request_id)
           SELECT x.id, x.reference, x.expires_at, :actor_kind::text, :actor_id::text, 'req_' || :tag::text || :rk::text || 'b'
             FROM unnest((ARRAY['res_' || :tag::text || :rk::text])[1 : 1], (ARRAY['PGB-' || :tag::text || '-' || :rk::text])[1 : 1], (ARRAY[NULL::timestamptz])[1 : 1]) AS x(id, reference, expires_at)
            WHERE x.expires_at IS NULL OR x.expires_at > now()
           RETURNING reservation_id, created_at
         ), l AS (
           INSERT INTO reservation_lines (reservation_id, line_no, sku_id, location_id, qty)
           SELECT r.reservation_id, l.n, l.sku, l.loc, l.qty
             FROM unnest(array_fill(('res_' || :tag::text || :rk::text), ARRAY[:n::int]), (ARRAY[1, 2, 3])[1 : :n], :rv_skus::text[], :rv_locs::text[], :rv_qtys::bigint[]) AS l(rid, n, sku, loc, qty)
             JOIN r ON r.reservation_id = l.rid
         )
         SELECT reservation_id, created_at FROM r;
-- inv_guarded_apply (src/modules/inventory/db/balances.ts): each bin reserved +q (no rows to ensure)
\set rvg_reserved -1
WITH d AS MATERIALIZED (
           SELECT * FROM unnest(:rv_locs::text[], :rv_skus::text[], array_fill(0::bigint, ARRAY[:n::int]),
                                :rv_qtys::bigint[])
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
            AND (SELECT passing FROM verdict) = :n
         RETURNING b.location_id, b.sku_id, b.on_hand, b.reserved \aset rvg_
\if :rvg_reserved < 0
ROLLBACK;
\else
-- inv_stock_events (src/modules/inventory/db/balances.ts): stock.changed for the bins; each (SKU, warehouse) fell by q, no reorder point is set
WITH changed AS (
           INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
           VALUES ('evt_' || :tag::text || :rk::text || 'b', 'stock.changed', 'sku', 'SKU-' || :c1::text, ((ARRAY['{"items": [{"sku": "SKU-10001", "location": "WH1/A-101", "onHand": 1000, "reserved": 3, "available": 997, "warehouse": "WH1"}]}',
                           '{"items": [{"sku": "SKU-10001", "location": "WH1/A-101", "onHand": 1000, "reserved": 3, "available": 997, "warehouse": "WH1"}, {"sku": "SKU-10002", "location": "WH1/A-102", "onHand": 1000, "reserved": 2, "available": 998, "warehouse": "WH1"}]}',
                           '{"items": [{"sku": "SKU-10001", "location": "WH1/A-101", "onHand": 1000, "reserved": 3, "available": 997, "warehouse": "WH1"}, {"sku": "SKU-10002", "location": "WH1/A-102", "onHand": 1000, "reserved": 2, "available": 998, "warehouse": "WH1"}, {"sku": "SKU-10003", "location": "WH1/A-103", "onHand": 1000, "reserved": 1, "available": 999, "warehouse": "WH1"}]}'])[:n])::jsonb)
         ), d AS (
           SELECT * FROM unnest(:rv_skus::text[], :rv_codes::text[], :rv_whs::text[], :rv_whcodes::text[], :rv_deltas::bigint[],
                                (ARRAY['evt_' || :tag::text || :rk::text || 'b1', 'evt_' || :tag::text || :rk::text || 'b2',
                                       'evt_' || :tag::text || :rk::text || 'b3'])[1 : :n])
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
-- audit_insert (src/db/command.ts): the command's one audit record
INSERT INTO audit_log (audit_id, actor_kind, actor_id, actor_role, operation, target_type, target_id,
                                before, after, reason, request_id, warehouse_ids)
         VALUES ('aud_' || :tag::text || :rk::text || 'b', :actor_kind::text, :actor_id::text, 'owner'::text, 'inventory.reserve_stock'::text,
                 'reservation'::text, 'res_' || :tag::text || :rk::text, NULL::jsonb, '{"status": "open", "reference": "PGB-1", "expiresAt": null, "lines": [{"sku": "SKU-10001", "location": "WH1/A-101", "qty": 2}]}'::jsonb, NULL::text, 'req_' || :tag::text || :rk::text || 'b',
                 ARRAY[:whid::text]::text[]);
COMMIT;

-- ===== 3. post-reservation.ts (only when the reservation committed) ===========================
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
-- inv_end_reservation (src/modules/inventory/db/reservations.ts), wrapped: lines, moves and sorted balance keys
WITH ended AS (
           UPDATE reservations SET status = :posted::text, ended_at = now(), ended_by_kind = :actor_kind::text,
                  ended_by = :actor_id::text
            WHERE reservation_id = 'res_' || :tag::text || :rk::text AND status = 'open'
              AND (:posted::text = 'voided' OR expires_at IS NULL OR expires_at > now())
              AND ((ARRAY[:whid::text])[1 : 1]::text[] IS NULL OR NOT EXISTS (
      SELECT 1 FROM reservation_lines sl JOIN locations sloc ON sloc.location_id = sl.location_id
       WHERE sl.reservation_id = reservations.reservation_id AND NOT (sloc.warehouse_id = ANY((ARRAY[:whid::text])[1 : 1]::text[]))))
           RETURNING reservation_id, status, reference, expires_at, created_at, created_by, ended_at, ended_by), q AS (
         SELECT e.*, rl.line_no, rl.qty, rl.sku_id, s.code AS sku_code, s.is_archived AS sku_archived,
                rl.location_id, l.code AS location_code, l.kind AS location_kind, l.is_archived AS location_archived,
                l.usage AS location_usage,
                l.warehouse_id, w.code AS warehouse_code, c.location_id AS customer_id, c.code AS customer_code,
                c.is_archived AS customer_archived
           FROM ended e
           JOIN reservation_lines rl ON rl.reservation_id = e.reservation_id
           JOIN skus s ON s.sku_id = rl.sku_id
           JOIN locations l ON l.location_id = rl.location_id
           JOIN locations w ON w.location_id = l.warehouse_id
           JOIN locations c ON c.warehouse_id = l.warehouse_id AND c.kind = 'customer'
          ORDER BY rl.line_no)
SELECT count(*) FILTER (WHERE k.bin) AS ln, count(*) AS nk,
       array_agg(q.line_no ORDER BY q.line_no) FILTER (WHERE k.bin) AS nos,
       array_agg(q.sku_id ORDER BY q.line_no) FILTER (WHERE k.bin) AS skus,
       array_agg(q.location_id ORDER BY q.line_no) FILTER (WHERE k.bin) AS locs,
       array_agg(q.customer_id ORDER BY q.line_no) FILTER (WHERE k.bin) AS dsts,
       array_agg(q.qty ORDER BY q.line_no) FILTER (WHERE k.bin) AS qtys,
       array_agg(k.loc ORDER BY k.loc COLLATE "C", k.sku COLLATE "C") FILTER (WHERE NOT k.bin) AS elocs,
       array_agg(k.sku ORDER BY k.loc COLLATE "C", k.sku COLLATE "C") FILTER (WHERE NOT k.bin) AS eskus,
       array_agg(k.loc ORDER BY k.loc COLLATE "C", k.sku COLLATE "C") AS klocs,
       array_agg(k.sku ORDER BY k.loc COLLATE "C", k.sku COLLATE "C") AS kskus,
       array_agg(k.on_hand ORDER BY k.loc COLLATE "C", k.sku COLLATE "C") AS konhand,
       array_agg(k.reserved ORDER BY k.loc COLLATE "C", k.sku COLLATE "C") AS kreserved
  FROM q CROSS JOIN LATERAL (VALUES (true, q.location_id, q.sku_id, -q.qty, -q.qty),
                                    (false, q.customer_id, q.sku_id, q.qty, 0::bigint))
                             AS k(bin, loc, sku, on_hand, reserved) \gset pe_
\if :pe_ln = 0
ROLLBACK;
\else
-- inv_record_posted (src/modules/inventory/commands/post-reservation.ts): what each line posted (all of it)
UPDATE reservation_lines rl SET posted_qty = p.qty
           FROM unnest(:pe_nos::int[], :pe_qtys::bigint[]) AS p(line_no, qty)
          WHERE rl.reservation_id = 'res_' || :tag::text || :rk::text AND rl.line_no = p.line_no;
-- inv_write_moves_ensure (src/modules/inventory/db/ledger.ts): a move per line, bin -> customer, and the customer rows
WITH ins AS (
  INSERT INTO stock_moves (move_id, sku_id, from_location_id, to_location_id, qty, move_type, reason, reference, note,
                           reservation_id, transfer_id, actor_kind, actor_id, request_id, occurred_at)
  SELECT m.id, m.sku, m.src, m.dst, m.qty, m.type, m.reason, m.reference, m.note, m.reservation, m.transfer,
         :actor_kind::text, :actor_id::text, 'req_' || :tag::text || :rk::text || 'c', coalesce(m.occurred, now())
    FROM unnest((ARRAY['mov_' || :tag::text || :rk::text || 'p1', 'mov_' || :tag::text || :rk::text || 'p2',
                       'mov_' || :tag::text || :rk::text || 'p3'])[1 : :pe_ln],
                :pe_skus::text[], :pe_locs::text[], :pe_dsts::text[], :pe_qtys::bigint[],
                array_fill('post'::text, ARRAY[:pe_ln::int]), array_fill('shipment'::text, ARRAY[:pe_ln::int]),
                array_fill(NULL::text, ARRAY[:pe_ln::int]), array_fill(NULL::text, ARRAY[:pe_ln::int]),
                array_fill(('res_' || :tag::text || :rk::text), ARRAY[:pe_ln::int]),
                array_fill(NULL::text, ARRAY[:pe_ln::int]), array_fill(NULL::timestamptz, ARRAY[:pe_ln::int]))
         AS m(id, sku, src, dst, qty, type, reason, reference, note, reservation, transfer, occurred)
  RETURNING move_id, move_seq, occurred_at, recorded_at),
         ens AS (
           INSERT INTO stock_balances (location_id, sku_id, is_physical)
           SELECT k.location_id, k.sku_id, k.is_physical
             FROM unnest(:pe_elocs::text[], :pe_eskus::text[], array_fill(false, ARRAY[:pe_ln::int]))
                  AS k(location_id, sku_id, is_physical)
            ORDER BY k.location_id COLLATE "C", k.sku_id COLLATE "C"
           ON CONFLICT (location_id, sku_id) DO NOTHING)
         SELECT (SELECT json_agg(json_build_object(
    'id', move_id, 'seq', move_seq,
    'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:' || 'MI:' || 'SS.MS"Z"'),
    'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:' || 'MI:' || 'SS.MS"Z"'))) FROM ins) AS moves;
-- inv_guarded_apply (src/modules/inventory/db/balances.ts): each bin on hand -q and reserved -q, each customer row +q
\set pg_reserved -1
WITH d AS MATERIALIZED (
           SELECT * FROM unnest(:pe_klocs::text[], :pe_kskus::text[], :pe_konhand::bigint[], :pe_kreserved::bigint[])
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
            AND (SELECT passing FROM verdict) = :pe_nk
         RETURNING b.location_id, b.sku_id, b.on_hand, b.reserved \aset pg_
\if :pg_reserved < 0
ROLLBACK;
\else
-- inv_stock_events (src/modules/inventory/db/balances.ts): stock.changed for the bins (the customer rows are virtual); available did not fall
WITH changed AS (
           INSERT INTO outbox_events (event_id, type, aggregate_type, aggregate_id, payload)
           VALUES ('evt_' || :tag::text || :rk::text || 'c', 'stock.changed', 'sku', 'SKU-' || :c1::text, ((ARRAY['{"items": [{"sku": "SKU-10001", "location": "WH1/A-101", "onHand": 998, "reserved": 0, "available": 998, "warehouse": "WH1"}]}',
                           '{"items": [{"sku": "SKU-10001", "location": "WH1/A-101", "onHand": 998, "reserved": 0, "available": 998, "warehouse": "WH1"}, {"sku": "SKU-10002", "location": "WH1/A-102", "onHand": 998, "reserved": 0, "available": 998, "warehouse": "WH1"}]}',
                           '{"items": [{"sku": "SKU-10001", "location": "WH1/A-101", "onHand": 998, "reserved": 0, "available": 998, "warehouse": "WH1"}, {"sku": "SKU-10002", "location": "WH1/A-102", "onHand": 998, "reserved": 0, "available": 998, "warehouse": "WH1"}, {"sku": "SKU-10003", "location": "WH1/A-103", "onHand": 998, "reserved": 0, "available": 998, "warehouse": "WH1"}]}'])[:n])::jsonb)
         ), d AS (
           SELECT * FROM unnest((ARRAY[:whid::text])[1 : 0], (ARRAY[:whid::text])[1 : 0], (ARRAY[:whid::text])[1 : 0],
                                (ARRAY[:whid::text])[1 : 0], (ARRAY[:n::bigint])[1 : 0], (ARRAY[:whid::text])[1 : 0])
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
-- audit_insert (src/db/command.ts): the command's one audit record
INSERT INTO audit_log (audit_id, actor_kind, actor_id, actor_role, operation, target_type, target_id,
                                before, after, reason, request_id, warehouse_ids)
         VALUES ('aud_' || :tag::text || :rk::text || 'c', :actor_kind::text, :actor_id::text, 'owner'::text, 'inventory.post_reservation'::text,
                 'reservation'::text, 'res_' || :tag::text || :rk::text, '{"status": "open"}'::jsonb, '{"status": "posted", "lines": [{"sku": "SKU-10001", "location": "WH1/A-101", "qty": 2, "postedQty": 2}]}'::jsonb, 'shipment'::text, 'req_' || :tag::text || :rk::text || 'c',
                 ARRAY[:whid::text]::text[]);
COMMIT;
\endif
\endif
\endif
