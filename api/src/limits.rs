//! Rate limits on the operations worth abusing: logging in (password guessing), signing up (spam
//! accounts) and signing up for events (seat grabbing). Each is limited per client address and per
//! account, in memory (GCRA through `governor`), and a refusal says when to try again.

use crate::error::{ApiError, ApiResult};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;

/// The client's network address, as the server saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl Default for ClientAddress {
    /// An unknown address (all such clients share one allowance).
    fn default() -> Self {
        Self(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}

/// How often each limited operation may run, per client address and per account; 0 turns a limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitSettings {
    /// Login attempts per minute.
    pub logins_per_minute: u32,
    /// Sign-ups (new accounts) per hour.
    pub sign_ups_per_hour: u32,
    /// Event sign-ups per minute.
    pub event_sign_ups_per_minute: u32,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        Self {
            logins_per_minute: 10,
            sign_ups_per_hour: 20,
            event_sign_ups_per_minute: 30,
        }
    }
}

/// An operation that is rate limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    /// `login`.
    Login,
    /// `signUp`.
    SignUp,
    /// `registerForEvent`.
    EventSignUp,
}

/// How many keys a limiter holds before it forgets the ones whose allowance is full again.
const FORGET_ABOVE: usize = 10_000;

/// One limiter per client address and one per account, for one operation.
struct Pair {
    by_address: Option<DefaultKeyedRateLimiter<IpAddr>>,
    by_account: Option<DefaultKeyedRateLimiter<String>>,
}

impl Pair {
    fn new(quota: Option<Quota>) -> Self {
        Self {
            by_address: quota.map(RateLimiter::keyed),
            by_account: quota.map(RateLimiter::keyed),
        }
    }
}

/// The rate limits of a running server.
pub struct RateLimits {
    login: Pair,
    sign_up: Pair,
    event_sign_up: Pair,
}

impl RateLimits {
    /// Limits as configured.
    pub fn new(settings: &RateLimitSettings) -> Self {
        let per_minute = |n| NonZeroU32::new(n).map(Quota::per_minute);
        Self {
            login: Pair::new(per_minute(settings.logins_per_minute)),
            sign_up: Pair::new(NonZeroU32::new(settings.sign_ups_per_hour).map(Quota::per_hour)),
            event_sign_up: Pair::new(per_minute(settings.event_sign_ups_per_minute)),
        }
    }

    /// Takes one attempt at `operation` from the allowance of the address and of the account (an account
    /// id, or the e-mail address a login is for); `RATE_LIMITED` with a retry hint when either is spent.
    pub fn check(
        &self,
        operation: Limited,
        address: ClientAddress,
        account: Option<&str>,
    ) -> ApiResult<()> {
        let pair = match operation {
            Limited::Login => &self.login,
            Limited::SignUp => &self.sign_up,
            Limited::EventSignUp => &self.event_sign_up,
        };
        if let Some(limiter) = &pair.by_address {
            take(limiter, &network_of(address.0))?;
        }
        if let (Some(limiter), Some(account)) = (&pair.by_account, account) {
            take(limiter, &account.to_owned())?;
        }
        Ok(())
    }
}

impl ClientAddress {
    /// The network this client is limited as (see [`network_of`]).
    pub fn network(self) -> IpAddr {
        network_of(self.0)
    }
}

/// The network an address is limited as: an IPv4 address itself, an IPv6 address by its /64 (one
/// subscriber's usual share, which a client could otherwise walk through address by address).
fn network_of(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(prefix.into())
            }
        },
    }
}

fn take<K: Hash + Eq + Clone>(limiter: &DefaultKeyedRateLimiter<K>, key: &K) -> ApiResult<()> {
    if limiter.len() > FORGET_ABOVE {
        limiter.retain_recent();
    }
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        ApiError::RateLimited {
            retry_after_seconds: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_allowance_then_a_retry_hint() {
        let limits = RateLimits::new(&RateLimitSettings {
            logins_per_minute: 3,
            ..RateLimitSettings::default()
        });
        let here = ClientAddress(IpAddr::V4(Ipv4Addr::LOCALHOST));
        for _ in 0..3 {
            assert!(limits.check(Limited::Login, here, None).is_ok());
        }
        match limits.check(Limited::Login, here, None) {
            Err(ApiError::RateLimited {
                retry_after_seconds,
            }) => assert!((1..=60).contains(&retry_after_seconds)),
            other => panic!("expected RATE_LIMITED, got {other:?}"),
        }
        let elsewhere = ClientAddress(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)));
        assert!(limits.check(Limited::Login, elsewhere, None).is_ok());
    }

    #[test]
    fn an_account_is_limited_from_every_address() {
        let limits = RateLimits::new(&RateLimitSettings {
            logins_per_minute: 2,
            ..RateLimitSettings::default()
        });
        for last in 1..=3u8 {
            let address = ClientAddress(IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)));
            let outcome = limits.check(Limited::Login, address, Some("ann@example.org"));
            assert_eq!(outcome.is_ok(), last <= 2);
        }
    }

    #[test]
    fn an_ipv6_client_is_limited_by_its_whole_64() {
        let limits = RateLimits::new(&RateLimitSettings {
            logins_per_minute: 2,
            ..RateLimitSettings::default()
        });
        let outcomes: Vec<bool> = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9"]
            .iter()
            .map(|a| {
                let address = ClientAddress(a.parse().unwrap());
                limits.check(Limited::Login, address, None).is_ok()
            })
            .collect();
        assert_eq!(outcomes, [true, true, false], "one /64, one allowance");
        let elsewhere = ClientAddress("2001:db8:1:3::1".parse().unwrap());
        assert!(limits.check(Limited::Login, elsewhere, None).is_ok());
    }

    #[test]
    fn zero_turns_a_limit_off() {
        let limits = RateLimits::new(&RateLimitSettings {
            logins_per_minute: 0,
            ..RateLimitSettings::default()
        });
        for _ in 0..100 {
            assert!(
                limits
                    .check(Limited::Login, ClientAddress::default(), Some("a"))
                    .is_ok()
            );
        }
    }
}
