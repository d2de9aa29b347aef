//! Status moves: each status type lists the statuses it may move to, and one check enforces that.

use crate::error::{ApiError, ApiResult};
use entities::values::{
    EventStatus, MemberStatus, PartnerStatus, PilotCasePhase, StoryStatus, SurveyStatus,
    ValueDomainStatus,
};
use sea_orm::ActiveEnum;

/// A status with a lifecycle: the moves it allows from each state.
pub trait Lifecycle: ActiveEnum<Value = String> + Copy + Eq + 'static {
    /// The statuses this one may move to.
    fn allowed_moves(self) -> &'static [Self];
}

/// Refuses a move the lifecycle does not allow, naming the moves that are allowed.
pub fn check_move<S: Lifecycle>(kind: &str, field: &str, from: S, to: S) -> ApiResult<()> {
    if from.allowed_moves().contains(&to) {
        return Ok(());
    }
    let allowed: Vec<String> = from.allowed_moves().iter().map(|s| s.to_value()).collect();
    let allowed = if allowed.is_empty() {
        "none: it is final".to_owned()
    } else {
        allowed.join(", ")
    };
    Err(ApiError::conflict(
        Some(field),
        format!(
            "a {kind} cannot move from {} to {} (allowed: {allowed})",
            from.to_value(),
            to.to_value()
        ),
    ))
}

/// The shortest series of allowed moves that takes a status to another (none needed when they are the
/// same); `None` when the lifecycle leads there in no way.
pub fn route<S: Lifecycle>(from: S, to: S) -> Option<Vec<S>> {
    // Breadth first over the few statuses a lifecycle has, remembering how each was reached.
    let mut reached: Vec<(S, Vec<S>)> = vec![(from, Vec::new())];
    let mut next = 0;
    while let Some((status, moves)) = reached.get(next).cloned() {
        if status == to {
            return Some(moves);
        }
        for &after in status.allowed_moves() {
            if reached.iter().all(|(seen, _)| *seen != after) {
                let mut longer = moves.clone();
                longer.push(after);
                reached.push((after, longer));
            }
        }
        next += 1;
    }
    None
}

impl Lifecycle for ValueDomainStatus {
    fn allowed_moves(self) -> &'static [Self] {
        use ValueDomainStatus::*;
        match self {
            Candidate => &[Selected, Archived],
            Selected => &[Candidate, Archived],
            Archived => &[Candidate],
        }
    }
}

impl Lifecycle for PilotCasePhase {
    fn allowed_moves(self) -> &'static [Self] {
        use PilotCasePhase::*;
        match self {
            Proposed => &[Preparing, Stopped],
            Preparing => &[Running, Stopped],
            Running => &[Evaluating, Stopped],
            Evaluating => &[Completed, Running, Stopped],
            Completed | Stopped => &[],
        }
    }
}

impl Lifecycle for PartnerStatus {
    fn allowed_moves(self) -> &'static [Self] {
        use PartnerStatus::*;
        match self {
            Pending => &[Approved, Refused, Archived],
            Approved => &[Archived],
            Refused => &[Approved, Archived],
            Archived => &[Approved],
        }
    }
}

impl Lifecycle for EventStatus {
    fn allowed_moves(self) -> &'static [Self] {
        use EventStatus::*;
        match self {
            Draft => &[Published, Cancelled],
            Published => &[Cancelled, Completed],
            Cancelled | Completed => &[],
        }
    }
}

impl Lifecycle for SurveyStatus {
    fn allowed_moves(self) -> &'static [Self] {
        use SurveyStatus::*;
        match self {
            Draft => &[Open],
            Open => &[Closed],
            Closed => &[Open],
        }
    }
}

impl Lifecycle for StoryStatus {
    fn allowed_moves(self) -> &'static [Self] {
        use StoryStatus::*;
        match self {
            Draft => &[InReview],
            InReview => &[Draft, Published],
            Published => &[Draft],
        }
    }
}

impl Lifecycle for MemberStatus {
    fn allowed_moves(self) -> &'static [Self] {
        use MemberStatus::*;
        match self {
            Invited => &[Accepted, Declined, Withdrawn],
            Accepted => &[Declined],
            // A declined partner, or one whose invitation was withdrawn, comes back only through a new
            // invitation, which checks it again.
            Declined | Withdrawn => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_moves_forward_one_phase_at_a_time() {
        assert!(
            check_move(
                "pilot case",
                "phase",
                PilotCasePhase::Proposed,
                PilotCasePhase::Preparing
            )
            .is_ok()
        );
        let err = check_move(
            "pilot case",
            "phase",
            PilotCasePhase::Proposed,
            PilotCasePhase::Running,
        )
        .unwrap_err();
        assert_eq!(err.code(), "CONFLICT");
        assert_eq!(
            err.to_string(),
            "a pilot case cannot move from PROPOSED to RUNNING (allowed: PREPARING, STOPPED)"
        );
    }

    #[test]
    fn a_route_takes_the_fewest_allowed_moves() {
        use PilotCasePhase::*;
        assert_eq!(route(Proposed, Proposed), Some(vec![]));
        assert_eq!(
            route(Proposed, Completed),
            Some(vec![Preparing, Running, Evaluating, Completed])
        );
        assert_eq!(route(Proposed, Stopped), Some(vec![Stopped]));
        assert_eq!(
            route(Completed, Running),
            None,
            "a final phase leads nowhere"
        );
        assert_eq!(
            route(StoryStatus::Draft, StoryStatus::Published),
            Some(vec![StoryStatus::InReview, StoryStatus::Published])
        );
    }

    #[test]
    fn a_final_status_says_so() {
        let err = check_move(
            "event",
            "status",
            EventStatus::Cancelled,
            EventStatus::Published,
        )
        .unwrap_err();
        assert!(err.to_string().ends_with("(allowed: none: it is final)"));
    }
}
