//! Rate limiting of writes per client address: a token bucket for each address, so that one
//! client sending as fast as it can (a script replaying ballots, a broken retry loop) cannot
//! take the board's write capacity from everyone else.
//!
//! Only writes (`POST`) are limited: reads are what observers and the verifier do, and they
//! change nothing. A refused write is answered 429 `rate_limited` with a `Retry-After`
//! header before its body is read; nothing is stored.
//!
//! Addresses are those of the TCP peer, so a board behind a reverse proxy sees the proxy's
//! address and should be limited there instead (`--rate-limit 0`). IPv6 clients are keyed by
//! their /64 prefix, which one host usually holds whole.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use zhixuan_record::ErrorCode;

/// How many writes one client address may make: `per_second` on average, up to `burst` at
/// once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteRate {
    /// Writes per second, on average.
    pub per_second: NonZeroU32,
    /// Writes at once, after a quiet spell.
    pub burst: NonZeroU32,
}

/// Past this many addresses the limiter forgets those whose bucket has refilled: they are
/// indistinguishable from a client never seen, and keeping them would let a client with many
/// addresses grow the map without bound.
const TRACKED: usize = 10_000;

/// One address's bucket: its tokens when last seen.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    seen: Instant,
}

/// The buckets of every client address seen recently.
#[derive(Debug)]
pub struct RateLimiter {
    rate: WriteRate,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// A limiter allowing `rate` to each address.
    pub fn new(rate: WriteRate) -> Self {
        Self {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token from `client`'s bucket at `now`; when there is none, the whole seconds
    /// until there is one.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let per_second = f64::from(self.rate.per_second.get());
        let burst = f64::from(self.rate.burst.get());
        let refilled = |b: &Bucket| {
            let elapsed = now.saturating_duration_since(b.seen).as_secs_f64();
            (b.tokens + elapsed * per_second).min(burst)
        };
        // A poisoned lock only means another request panicked mid-update; the counts are
        // still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= TRACKED && !buckets.contains_key(&client) {
            buckets.retain(|_, b| refilled(b) < burst);
            // Still over half full: more addresses are writing at once than the table is
            // for. Starting afresh keeps memory bounded and the scans rare (the next one is
            // at least `TRACKED / 2` new addresses away), at the price of a fresh burst for
            // everyone; a flood from that many addresses is for the network in front of the
            // board to stop.
            if buckets.len() > TRACKED / 2 {
                buckets.clear();
            }
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: burst,
            seen: now,
        });
        let tokens = refilled(bucket);
        bucket.seen = now;
        if tokens >= 1.0 {
            bucket.tokens = tokens - 1.0;
            Ok(())
        } else {
            bucket.tokens = tokens;
            // At least a second: `Retry-After` counts whole seconds, and 0 would invite an
            // immediate retry that is refused again.
            Err(((1.0 - tokens) / per_second).ceil().max(1.0) as u64)
        }
    }

    /// How many addresses the limiter holds.
    pub fn tracked(&self) -> usize {
        self.buckets.lock().map_or(0, |b| b.len())
    }
}

/// The key of a client address: IPv4 whole, IPv6 by its /64 prefix.
fn client_key(addr: SocketAddr) -> IpAddr {
    match addr.ip() {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(prefix.into())
            }
        },
        v4 => v4,
    }
}

/// The middleware: refuses a write over its address's rate. A request without a peer
/// address (served without connection info, as in-process tests are) is not limited.
pub async fn limit_writes(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    if request.method() == Method::POST {
        if let Some(peer) = peer {
            if let Err(wait) = limiter.take(client_key(peer), Instant::now()) {
                return rate_limited(wait);
            }
        }
    }
    next.run(request).await
}

fn rate_limited(wait: u64) -> Response {
    let mut response = ApiError::new(
        ErrorCode::RateLimited,
        format!(
            "this address has sent more writes than the board takes from one client; nothing \
             was stored — send it again in {wait} s"
        ),
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    response
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn limiter(per_second: u32, burst: u32) -> RateLimiter {
        RateLimiter::new(WriteRate {
            per_second: NonZeroU32::new(per_second).unwrap(),
            burst: NonZeroU32::new(burst).unwrap(),
        })
    }

    #[test]
    fn a_burst_then_the_rate() {
        let l = limiter(2, 3);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let t = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.take(a, t), Ok(()));
        }
        assert_eq!(l.take(a, t), Err(1));
        // Half a second refills one token at 2 per second, and no more.
        let later = t + Duration::from_millis(500);
        assert_eq!(l.take(a, later), Ok(()));
        assert_eq!(l.take(a, later), Err(1));
        // Another address has its own bucket.
        assert_eq!(l.take("192.0.2.2".parse().unwrap(), later), Ok(()));
    }

    #[test]
    fn retry_after_counts_the_seconds_to_a_token() {
        let l = limiter(1, 1);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let t = Instant::now();
        assert_eq!(l.take(a, t), Ok(()));
        assert_eq!(l.take(a, t), Err(1));
        let slow = RateLimiter::new(WriteRate {
            per_second: NonZeroU32::MIN,
            burst: NonZeroU32::MIN,
        });
        assert_eq!(slow.take(a, t), Ok(()));
        assert_eq!(slow.take(a, t + Duration::from_millis(100)), Err(1));
    }

    #[test]
    fn many_addresses_do_not_grow_the_map_without_bound() {
        let l = limiter(1000, 1);
        let t = Instant::now();
        for n in 0..(TRACKED as u32 + 10) {
            let addr = IpAddr::V4(n.into());
            let _ = l.take(addr, t + Duration::from_millis(u64::from(n)));
        }
        assert!(l.tracked() <= TRACKED, "{} addresses tracked", l.tracked());
        // All at one instant, so that no bucket refills: the table still stays bounded.
        let l = limiter(1, 1);
        for n in 0..(2 * TRACKED as u32 + 10) {
            let _ = l.take(IpAddr::V4(n.into()), t);
        }
        assert!(l.tracked() <= TRACKED, "{} addresses tracked", l.tracked());
    }

    #[test]
    fn ipv6_hosts_are_keyed_by_their_prefix() {
        let one: SocketAddr = "[2001:db8:1:2:aaaa::1]:5000".parse().unwrap();
        let same: SocketAddr = "[2001:db8:1:2:bbbb::9]:6000".parse().unwrap();
        let other: SocketAddr = "[2001:db8:1:3::1]:5000".parse().unwrap();
        assert_eq!(client_key(one), client_key(same));
        assert_ne!(client_key(one), client_key(other));
        let mapped: SocketAddr = "[::ffff:192.0.2.1]:80".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.1".parse::<IpAddr>().unwrap());
    }
}
