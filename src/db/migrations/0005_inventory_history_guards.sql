-- History tables that UPDATE/DELETE triggers already protect row by row must not be emptied wholesale
-- either: TRUNCATE bypasses row triggers.
CREATE TRIGGER stock_counts_no_truncate BEFORE TRUNCATE ON stock_counts
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();
CREATE TRIGGER reservations_no_truncate BEFORE TRUNCATE ON reservations
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();
CREATE TRIGGER reservation_lines_no_truncate BEFORE TRUNCATE ON reservation_lines
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();
CREATE TRIGGER stock_transfers_no_truncate BEFORE TRUNCATE ON stock_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION coulisse_reject_change();
