//! Time and ids as LODE stores them, for every layer that writes a row.

use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

/// A new record id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The current instant, at the microsecond precision both databases keep, so a value read back equals the
/// value written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The new `updated_at` of a row that last changed at `previous` and changes now: the current instant, or
/// a microsecond after `previous` when the clock has not passed it (two changes within one microsecond, a
/// clock set back). So every change gives its row a value it never had, and a client that says which
/// `updatedAt` it read (`expectedUpdatedAt`) can tell whether anything changed since. Computed from the row
/// as locked in the change's write transaction.
pub fn changed_after(previous: DateTime<Utc>) -> DateTime<Utc> {
    now().max(previous + chrono::TimeDelta::microseconds(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn a_change_always_moves_updated_at_forward() {
        let past = now() - TimeDelta::hours(1);
        let stamped = changed_after(past);
        assert!(stamped > past + TimeDelta::minutes(59), "the clock's time");
        // A row stamped ahead of the clock (by a clock set back since) still gets a new, later value.
        let ahead = now() + TimeDelta::hours(1);
        assert_eq!(changed_after(ahead), ahead + TimeDelta::microseconds(1));
        // And two changes in a row never share one, however fast they come.
        let mut last = now();
        for _ in 0..1000 {
            let next = changed_after(last);
            assert!(next > last);
            assert_eq!(next, next.trunc_subsecs(6), "microseconds, as stored");
            last = next;
        }
    }
}
