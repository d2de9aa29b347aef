//! Rate limits on the operations worth abusing: logging in (password guessing), signing up (spam
//! accounts) and signing up for events (seat grabbing). Each is limited per client address and per
//! account, in memory (GCRA through `governor`), and a refusal says when to try again.
//!
//! Logins count per address and account pair, with a ceiling [`LOGIN_CEILING`] times higher per account
//! (from every address together) and per address (over every account): strangers guessing at an account
//! from elsewhere do not use up its owner's own allowance, yet many addresses together still cannot
//! guess without bound. A network the account has signed in from before (in the last [`KNOWN_FOR`]) is
//! held to its own pair's allowance only, so strangers who spend the account's ceiling do not lock its
//! owner out either.
//!
//! Accounts are kept as a fixed-size digest of the e-mail address or id, so a stranger's megabyte-long
//! "address" costs the limiter no more memory than a real one.

use crate::error::{ApiError, ApiResult};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// How many times the login allowance of one address and account pair an account gets from every address
/// together, and an address over every account.
pub const LOGIN_CEILING: u32 = 10;

/// How many keys a limiter holds before it forgets the ones whose allowance is full again.
const FORGET_ABOVE: usize = 10_000;

/// How long a network an account signed in from stays known to it.
pub const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// The most (network, account) sign-ins remembered; past that (after forgetting the old ones) new ones
/// are not remembered.
const MAX_KNOWN: usize = 100_000;

/// An account as the limiters keep it: a digest of its e-mail address or id.
type AccountKey = [u8; 16];

fn account_key(account: &str) -> AccountKey {
    let digest = Sha256::digest(account.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// The limiters of one operation: per client address, per account, and (for logins) per address and
/// account pair. A missing one does not limit.
struct Limiters {
    by_pair: Option<DefaultKeyedRateLimiter<(IpAddr, AccountKey)>>,
    by_address: Option<DefaultKeyedRateLimiter<IpAddr>>,
    by_account: Option<DefaultKeyedRateLimiter<AccountKey>>,
}

impl Limiters {
    /// The same allowance per address and per account.
    fn per_address_and_account(quota: Option<Quota>) -> Self {
        Self {
            by_pair: None,
            by_address: quota.map(RateLimiter::keyed),
            by_account: quota.map(RateLimiter::keyed),
        }
    }

    /// `per_minute` per address and account pair, and `ceiling` times that per address and per account.
    fn per_pair(per_minute: u32, ceiling: u32) -> Self {
        let quota = |n: u32| NonZeroU32::new(n).map(Quota::per_minute);
        let wide = quota(per_minute.saturating_mul(ceiling));
        Self {
            by_pair: quota(per_minute).map(RateLimiter::keyed),
            by_address: wide.map(RateLimiter::keyed),
            by_account: wide.map(RateLimiter::keyed),
        }
    }
}

/// The rate limits of a running server.
pub struct RateLimits {
    login: Limiters,
    sign_up: Limiters,
    event_sign_up: Limiters,
    /// When each (network, account) pair last signed in.
    known: Mutex<HashMap<(IpAddr, AccountKey), Instant>>,
}

impl RateLimits {
    /// Limits as configured.
    pub fn new(settings: &RateLimitSettings) -> Self {
        let per_minute = |n| NonZeroU32::new(n).map(Quota::per_minute);
        Self {
            login: Limiters::per_pair(settings.logins_per_minute, LOGIN_CEILING),
            sign_up: Limiters::per_address_and_account(
                NonZeroU32::new(settings.sign_ups_per_hour).map(Quota::per_hour),
            ),
            event_sign_up: Limiters::per_address_and_account(per_minute(
                settings.event_sign_ups_per_minute,
            )),
            known: Mutex::default(),
        }
    }

    /// Remembers that the account signed in from the client's network: from there, its owner is held to
    /// the pair's own allowance, whatever strangers elsewhere spend.
    pub fn remember_sign_in(&self, address: ClientAddress, account: &str) {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if known.len() >= MAX_KNOWN {
            known.retain(|_, at| at.elapsed() < KNOWN_FOR);
        }
        if known.len() < MAX_KNOWN {
            known.insert((address.network(), account_key(account)), Instant::now());
        }
    }

    fn is_known(&self, pair: &(IpAddr, AccountKey)) -> bool {
        let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        known.get(pair).is_some_and(|at| at.elapsed() < KNOWN_FOR)
    }

    /// Takes one attempt at `operation` from the allowances of the address, of the account (an account
    /// id, or the e-mail address a login is for) and of the pair; `RATE_LIMITED` with a retry hint when
    /// one is spent. The narrowest is taken first, so an attempt its own allowance refuses costs the wider
    /// ones nothing.
    pub fn check(
        &self,
        operation: Limited,
        address: ClientAddress,
        account: Option<&str>,
    ) -> ApiResult<()> {
        let limiters = match operation {
            Limited::Login => &self.login,
            Limited::SignUp => &self.sign_up,
            Limited::EventSignUp => &self.event_sign_up,
        };
        let network = network_of(address.0);
        let account = account.map(account_key);
        if let (Some(limiter), Some(account)) = (&limiters.by_pair, account) {
            take(limiter, &(network, account))?;
        }
        if let Some(limiter) = &limiters.by_address {
            take(limiter, &network)?;
        }
        if let (Some(limiter), Some(account)) = (&limiters.by_account, account)
            && !(operation == Limited::Login && self.is_known(&(network, account)))
        {
            take(limiter, &account)?;
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

    fn address(last: u8) -> ClientAddress {
        ClientAddress(IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)))
    }

    #[test]
    fn an_address_gets_its_allowance_then_a_retry_hint() {
        let limits = RateLimits::new(&RateLimitSettings {
            sign_ups_per_hour: 3,
            ..RateLimitSettings::default()
        });
        let here = ClientAddress(IpAddr::V4(Ipv4Addr::LOCALHOST));
        for _ in 0..3 {
            assert!(limits.check(Limited::SignUp, here, None).is_ok());
        }
        match limits.check(Limited::SignUp, here, None) {
            Err(ApiError::RateLimited {
                retry_after_seconds,
            }) => assert!((1..=3600).contains(&retry_after_seconds)),
            other => panic!("expected RATE_LIMITED, got {other:?}"),
        }
        assert!(limits.check(Limited::SignUp, address(2), None).is_ok());
    }

    #[test]
    fn logins_count_per_address_and_account() {
        let limits = RateLimits::new(&RateLimitSettings {
            logins_per_minute: 2,
            ..RateLimitSettings::default()
        });
        let ann = Some("ann@example.org");
        let outcomes: Vec<bool> = (0..3)
            .map(|_| limits.check(Limited::Login, address(1), ann).is_ok())
            .collect();
        assert_eq!(outcomes, [true, true, false], "one pair, one allowance");
        assert!(
            limits.check(Limited::Login, address(2), ann).is_ok(),
            "the account from elsewhere"
        );
        assert!(
            limits
                .check(Limited::Login, address(1), Some("bob@example.org"))
                .is_ok(),
            "another account from the same address"
        );
    }

    #[test]
    fn strangers_do_not_lock_the_owner_out() {
        let per_pair = 2;
        let limits = RateLimits::new(&RateLimitSettings {
            logins_per_minute: per_pair,
            ..RateLimitSettings::default()
        });
        let ann = Some("ann@example.org");
        let ceiling = per_pair * LOGIN_CEILING;
        // The owner signed in from home before.
        assert!(limits.check(Limited::Login, address(1), ann).is_ok());
        limits.remember_sign_in(address(1), "ann@example.org");
        // Strangers spend every pair's allowance, and a third attempt each, which their pairs refuse,
        // until the account's ceiling is spent.
        let mut taken = 1;
        for stranger in 10..=254u8 {
            for _ in 0..=per_pair {
                taken += u32::from(limits.check(Limited::Login, address(stranger), ann).is_ok());
            }
            if taken >= ceiling {
                break;
            }
        }
        assert_eq!(
            taken, ceiling,
            "each stranger got its pair's allowance, up to the ceiling"
        );
        assert!(
            limits.check(Limited::Login, address(2), ann).is_err(),
            "past the ceiling, the account waits from every other network"
        );
        assert!(
            limits.check(Limited::Login, address(1), ann).is_ok(),
            "the owner's own network still gets in"
        );
        let huge = "x".repeat(1_000_000);
        assert!(
            limits
                .check(Limited::Login, address(3), Some(&huge))
                .is_ok()
        );
        assert_eq!(
            limits.login.by_account.as_ref().map(|l| l.len()),
            Some(2),
            "an account is kept as a digest, whatever its length"
        );
    }

    #[test]
    fn an_address_has_a_ceiling_over_every_account() {
        let limits = RateLimits::new(&RateLimitSettings {
            logins_per_minute: 1,
            ..RateLimitSettings::default()
        });
        let outcomes: Vec<bool> = (0..=LOGIN_CEILING)
            .map(|n| {
                let account = format!("user{n}@example.org");
                limits
                    .check(Limited::Login, address(1), Some(&account))
                    .is_ok()
            })
            .collect();
        assert_eq!(
            outcomes.iter().filter(|ok| **ok).count(),
            LOGIN_CEILING as usize
        );
        assert!(!outcomes[LOGIN_CEILING as usize]);
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
                limits
                    .check(Limited::Login, address, Some("ann@example.org"))
                    .is_ok()
            })
            .collect();
        assert_eq!(outcomes, [true, true, false], "one /64, one allowance");
        let elsewhere = ClientAddress("2001:db8:1:3::1".parse().unwrap());
        assert!(
            limits
                .check(Limited::Login, elsewhere, Some("ann@example.org"))
                .is_ok()
        );
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
