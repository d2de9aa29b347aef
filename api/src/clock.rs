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
