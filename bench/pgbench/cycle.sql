-- One benchmark cycle, as pgbench sees it: the SQL Coulisse sends for
--   1. POST /v1/stock/receipts             (src/modules/inventory/commands/receive-stock.ts)
--   2. POST /v1/reservations, 1-3 lines    (src/modules/inventory/commands/reserve-stock.ts)
--   3. POST /v1/reservations/{id}/post     (src/modules/inventory/commands/post-reservation.ts)
-- as three transactions in one script, so pgbench's "tps" is cycles per second.
--
-- Run by bench/run.ts: pgbench -n -M prepared -c 32 -j 2 -T <s> -r -f cycle.sql -D nskus=… (see there),
-- on a fresh database seeded by the same code as the HTTP scenarios (bench/lib/dataset.ts).
--
-- app SQL fingerprint: ea005bb0cdb91eda
-- (bench/lib/probe.ts records the statements the app sends for one cycle; bench/run.ts warns, and marks
-- the pgbench rows stale, when their sequence or this fingerprint of their text no longer match: then this
-- file must be brought up to date with src/ before the ratio means anything.)
--
-- How it is kept equivalent:
-- * The same statements in the same order, with the same text (copied from src/; each names its source),
--   in the same transactions: 6 round trips for a receipt, 6 for a reservation, 10 for a post, counting
--   BEGIN and COMMIT. SKUs, bins, lines and quantities are drawn as in bench/lib/load.ts.
-- * Where the app passes an array parameter ($1::text[]), the script passes an array too: a value read
--   back with \gset, or an array built from scalar variables and sliced, (ARRAY[…])[1 : n]. The slice
--   matters: PostgreSQL folds it to a constant in a custom plan and cannot in a generic one, exactly as for
--   a parameter, so row estimates (and the custom/generic plan choice) are the app's. (Slices are written
--   `[1 : …]` with spaces: pgbench would take `:1` for a variable.)
-- * pgbench variables are numbers, so scalar text parameters (a bin code, a reservation id) are written as
--   expressions of them ('WH1/A-' || :sb, 'res_' || :tag || :rk); in a custom plan they fold to constants.
-- * What the app computes in JavaScript between statements (ids it resolved, the moves and balance keys
--   of a post) the script computes in SQL: the statements whose rows it needs later are wrapped in
--   `SELECT array_agg(…) FROM (<the app's statement>) q \gset`. The inner statement, its plan and its locks
--   are unchanged; the wrapper adds an aggregate over at most 3 rows.
-- * Ids: the app makes ULIDs (`mov_01J…`, 30 characters, time-ordered); the script makes
--   `mov_<tag><13 digits>…` from a per-client counter (shorter, ordered per client, not globally).
-- * A guarded update that touches no row (insufficient stock) ends in ROLLBACK, as the app's error does,
--   and the post runs only if its reservation committed. With the seeded stock this does not happen;
--   bench/run.ts checks afterwards that every cycle's receipt and post are in the database and that the
--   ledger is consistent.
-- Differences, all in pgbench's favour:
-- * -M prepared prepares every statement; the app sends two statements of a post unnamed (parsed and
--   planned on every call): the UPDATE of reservation_lines and findReservation.
-- * The app sorts balance keys before it sends them; the script sends them in line order. The statements
--   take their locks in their own ORDER BY, so the lock order is the same.
-- * Literals stand where the app passes a null or a constant ($3 expiresAt of a reservation, the 'receipt'
--   and 'post' move types).
-- * No Idempotency-Key (the HTTP client sends none either), no background expiry sweeper, no HTTP.

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
BEGIN;
-- catalog_resolve_skus (src/modules/catalog/db/skus.ts)
SELECT s.sku_id, s.code, s.is_archived, w.wanted
               FROM unnest((ARRAY['SKU-' || :sc::text])[1 : 1]) AS w(wanted) JOIN skus s ON lower(s.code) = lower(w.wanted) \gset rs_
-- inv_location_with_virtual (src/modules/inventory/db/refs.ts): the bin and its warehouse's @supplier
SELECT l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id, wh.code AS warehouse_code,
                v.location_id AS v_id, v.code AS v_code, v.kind AS v_kind, v.is_archived AS v_archived
           FROM locations l
           JOIN locations wh ON wh.location_id = l.warehouse_id
           JOIN locations v ON v.warehouse_id = l.warehouse_id AND v.kind = :supplier::text
          WHERE lower(l.code) = lower('WH1/A-' || :sb::text)
            FOR KEY SHARE OF l \gset rl_
-- inv_insert_moves (src/modules/inventory/db/moves.ts): @supplier -> bin
INSERT INTO stock_moves (move_id, sku_id, from_location_id, to_location_id, qty, move_type, reason, reference,
                                 note, reservation_id, transfer_id, actor_kind, actor_id, request_id, occurred_at)
         SELECT m.id, m.sku, m.src, m.dst, m.qty, m.type, m.reason, m.reference, m.note, m.reservation, m.transfer,
                :actor_kind::text, :actor_id::text, 'req_' || :tag::text || :rk::text || 'a', coalesce(m.occurred, now())
           FROM unnest((ARRAY['mov_' || :tag::text || :rk::text || 'a'])[1 : 1], (ARRAY[:rs_sku_id::text])[1 : 1],
                       (ARRAY[:rl_v_id::text])[1 : 1], (ARRAY[:rl_location_id::text])[1 : 1],
                       (ARRAY[:q::bigint])[1 : 1], (ARRAY['receipt'])[1 : 1], (ARRAY['receipt'])[1 : 1],
                       (ARRAY[NULL::text])[1 : 1], (ARRAY[NULL::text])[1 : 1], (ARRAY[NULL::text])[1 : 1],
                       (ARRAY[NULL::text])[1 : 1], (ARRAY[NULL::timestamptz])[1 : 1])
                AS m(id, sku, src, dst, qty, type, reason, reference, note, reservation, transfer, occurred)
         RETURNING move_id, move_seq, occurred_at, recorded_at;
-- inv_upsert_safe (src/modules/inventory/db/balances.ts): @supplier -q, bin +q (nothing to guard)
INSERT INTO stock_balances (location_id, sku_id, is_physical, on_hand)
         SELECT k.location_id, k.sku_id, k.is_physical, k.on_hand_delta
           FROM unnest((ARRAY[:rl_v_id::text, :rl_location_id::text])[1 : 2],
                       (ARRAY[:rs_sku_id::text, :rs_sku_id::text])[1 : 2], (ARRAY[false, true])[1 : 2],
                       (ARRAY[:nq::bigint, :q::bigint])[1 : 2]) AS k(location_id, sku_id, is_physical, on_hand_delta)
          ORDER BY k.location_id COLLATE "C", k.sku_id COLLATE "C"
         ON CONFLICT (location_id, sku_id) DO UPDATE
            SET on_hand = stock_balances.on_hand + EXCLUDED.on_hand, updated_at = now()
         RETURNING location_id, sku_id, on_hand, reserved;
COMMIT;

-- ===== 2. reserve-stock.ts ====================================================================
BEGIN;
-- catalog_resolve_skus (src/modules/catalog/db/skus.ts), wrapped: the SKU ids in line order
SELECT array_agg(q.sku_id ORDER BY q.wanted) AS skus FROM (
SELECT s.sku_id, s.code, s.is_archived, w.wanted
  FROM unnest((ARRAY['SKU-' || :c1::text, 'SKU-' || :c2::text, 'SKU-' || :c3::text])[1 : :n]) AS w(wanted) JOIN skus s ON lower(s.code) = lower(w.wanted)
) q \gset rv_
-- inv_resolve_locations (no lock), wrapped: the bin ids in line order
SELECT array_agg(q.location_id ORDER BY array_position(ARRAY['WH1/A-' || :b1::text, 'WH1/A-' || :b2::text, 'WH1/A-' || :b3::text], q.wanted)) AS locs FROM (
SELECT w.wanted, l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id, wh.code AS warehouse_code
    FROM unnest((ARRAY['WH1/A-' || :b1::text, 'WH1/A-' || :b2::text, 'WH1/A-' || :b3::text])[1 : :n]) AS w(wanted)
    JOIN locations l ON lower(l.code) = lower(w.wanted)
    JOIN locations wh ON wh.location_id = l.warehouse_id
) q \gset rv_
-- inv_insert_reservation (src/modules/inventory/commands/reserve-stock.ts)
WITH r AS (
           INSERT INTO reservations (reservation_id, reference, expires_at, created_by_kind, created_by, request_id)
           SELECT 'res_' || :tag::text || :rk::text, 'PGB-' || :tag::text || '-' || :rk::text, NULL::timestamptz,
                  :actor_kind::text, :actor_id::text, 'req_' || :tag::text || :rk::text || 'b'
            WHERE NULL::timestamptz IS NULL OR NULL::timestamptz > now()
           RETURNING reservation_id, created_at
         )
         INSERT INTO reservation_lines (reservation_id, line_no, sku_id, location_id, qty)
         SELECT r.reservation_id, l.n, l.sku, l.loc, l.qty
           FROM r, unnest((ARRAY[1, 2, 3])[1 : :n], :rv_skus::text[], :rv_locs::text[],
                          (ARRAY[:q1::bigint, :q2::bigint, :q3::bigint])[1 : :n]) AS l(n, sku, loc, qty)
         RETURNING (SELECT created_at FROM r) AS created_at;
-- inv_guarded_apply (src/modules/inventory/db/balances.ts): each bin reserved +q (no rows to ensure)
\set rvg_reserved -1
WITH d AS MATERIALIZED (
           SELECT * FROM unnest(:rv_locs::text[], :rv_skus::text[], array_fill(0::bigint, ARRAY[:n::int]),
                                (ARRAY[:q1::bigint, :q2::bigint, :q3::bigint])[1 : :n])
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
COMMIT;

-- ===== 3. post-reservation.ts (only when the reservation committed) ===========================
BEGIN;
-- inv_end_reservation (src/modules/inventory/db/reservations.ts)
UPDATE reservations SET status = :posted::text, ended_at = now(), ended_by_kind = :actor_kind::text, ended_by = :actor_id::text
              WHERE reservation_id = 'res_' || :tag::text || :rk::text AND status = 'open'
                AND (:posted::text = 'voided' OR expires_at IS NULL OR expires_at > now());
-- inv_reservation_lines (src/modules/inventory/db/reservations.ts), wrapped: what the app's loop computes
SELECT count(*) AS ln, array_agg(q.sku_id ORDER BY q.line_no) AS skus, array_agg(q.location_id ORDER BY q.line_no) AS locs,
       array_agg(q.qty ORDER BY q.line_no) AS qtys, array_agg(-q.qty ORDER BY q.line_no) AS negs,
       array_agg(q.line_no ORDER BY q.line_no) AS nos, min(q.warehouse_id) AS wh FROM (
SELECT rl.line_no, rl.sku_id, s.code AS sku_code, s.is_archived AS sku_archived, rl.location_id,
                    l.code AS location_code, l.warehouse_id, w.code AS warehouse_code, rl.qty
               FROM reservation_lines rl
               JOIN skus s ON s.sku_id = rl.sku_id
               JOIN locations l ON l.location_id = rl.location_id
               JOIN locations w ON w.location_id = l.warehouse_id
              WHERE rl.reservation_id = 'res_' || :tag::text || :rk::text ORDER BY rl.line_no
) q \gset pl_
-- inv_virtual_locations, 'customer' (src/modules/inventory/db/locations.ts)
SELECT l.code AS wanted, l.location_id, l.code, l.kind, l.is_physical, l.is_archived, l.warehouse_id,
                    wh.code AS warehouse_code
               FROM locations l JOIN locations wh ON wh.location_id = l.warehouse_id
              WHERE l.warehouse_id = ANY((ARRAY[:pl_wh::text])[1 : 1]) AND l.kind = :customer::text \gset cu_
-- inv_insert_moves (src/modules/inventory/db/moves.ts): one move per line, bin -> customer
INSERT INTO stock_moves (move_id, sku_id, from_location_id, to_location_id, qty, move_type, reason, reference,
                                 note, reservation_id, transfer_id, actor_kind, actor_id, request_id, occurred_at)
         SELECT m.id, m.sku, m.src, m.dst, m.qty, m.type, m.reason, m.reference, m.note, m.reservation, m.transfer,
                :actor_kind::text, :actor_id::text, 'req_' || :tag::text || :rk::text || 'c', coalesce(m.occurred, now())
           FROM unnest((ARRAY['mov_' || :tag::text || :rk::text || 'p1', 'mov_' || :tag::text || :rk::text || 'p2',
                              'mov_' || :tag::text || :rk::text || 'p3'])[1 : :pl_ln],
                       :pl_skus::text[], :pl_locs::text[], array_fill(:cu_location_id::text, ARRAY[:pl_ln::int]),
                       :pl_qtys::bigint[], array_fill('post'::text, ARRAY[:pl_ln::int]),
                       array_fill('shipment'::text, ARRAY[:pl_ln::int]), array_fill(NULL::text, ARRAY[:pl_ln::int]),
                       array_fill(NULL::text, ARRAY[:pl_ln::int]),
                       array_fill(('res_' || :tag::text || :rk::text), ARRAY[:pl_ln::int]),
                       array_fill(NULL::text, ARRAY[:pl_ln::int]), array_fill(NULL::timestamptz, ARRAY[:pl_ln::int]))
                AS m(id, sku, src, dst, qty, type, reason, reference, note, reservation, transfer, occurred)
         RETURNING move_id, move_seq, occurred_at, recorded_at;
-- unnamed: UPDATE reservation_lines (src/modules/inventory/commands/post-reservation.ts): what each line posted
UPDATE reservation_lines rl SET posted_qty = p.qty
           FROM unnest(:pl_nos::int[], :pl_qtys::bigint[]) AS p(line_no, qty)
          WHERE rl.reservation_id = 'res_' || :tag::text || :rk::text AND rl.line_no = p.line_no;
-- inv_ensure_balances: the customer rows (the bins exist: they hold the stock)
INSERT INTO stock_balances (location_id, sku_id, is_physical)
         SELECT k.location_id, k.sku_id, k.is_physical
           FROM unnest(array_fill(:cu_location_id::text, ARRAY[:pl_ln::int]), :pl_skus::text[],
                       array_fill(false, ARRAY[:pl_ln::int])) AS k(location_id, sku_id, is_physical)
          ORDER BY k.location_id COLLATE "C", k.sku_id COLLATE "C"
         ON CONFLICT (location_id, sku_id) DO NOTHING;
-- inv_guarded_apply: each bin on hand -q and reserved -q, each customer row on hand +q
\set nk 2 * :pl_ln
\set pg_reserved -1
WITH d AS MATERIALIZED (
           SELECT * FROM unnest(:pl_locs::text[] || array_fill(:cu_location_id::text, ARRAY[:pl_ln::int]),
                                :pl_skus::text[] || :pl_skus::text[],
                                :pl_negs::bigint[] || :pl_qtys::bigint[],
                                :pl_negs::bigint[] || array_fill(0::bigint, ARRAY[:pl_ln::int]))
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
            AND (SELECT passing FROM verdict) = :nk
         RETURNING b.location_id, b.sku_id, b.on_hand, b.reserved \aset pg_
\if :pg_reserved < 0
ROLLBACK;
\else
-- unnamed: findReservation (RESERVATION_SELECT, src/modules/inventory/db/reservations.ts)
SELECT r.reservation_id, r.status, r.reference, r.expires_at, r.created_at, r.created_by, r.ended_at, r.ended_by,
         (SELECT json_agg(json_build_object('sku', s.code, 'location', l.code, 'qty', rl.qty, 'posted_qty', rl.posted_qty,
                                            'line_no', rl.line_no) ORDER BY rl.line_no)
            FROM reservation_lines rl JOIN skus s ON s.sku_id = rl.sku_id JOIN locations l ON l.location_id = rl.location_id
           WHERE rl.reservation_id = r.reservation_id) AS lines
    FROM reservations r WHERE r.reservation_id = 'res_' || :tag::text || :rk::text;
COMMIT;
\endif
\endif
