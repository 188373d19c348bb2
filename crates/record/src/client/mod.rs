//! The board's typed client: every request to a board, from the CLI, the verifier and the
//! tests, goes through here rather than through hand-built requests.
//!
//! The client is split sans-IO. One place, the private `api` module, knows the board's API:
//! for every endpoint the method, path, query and JSON body of the request, and how the
//! answer is read — a success as JSON or text, a refusal as the board's [`ErrorBody`]
//! ([`ClientError::Refused`], with the status and the board's code), no answer
//! ([`ClientError::Unreachable`]), an answer that cannot be read ([`ClientError::Decode`]).
//! Two thin transports only move the bytes:
//!
//! - `BoardClient` (feature `client`), async on reqwest and tokio, for the CLI, whose
//!   `zhixuan demo` serves a board on the same runtime;
//! - `blocking::BoardClient` (feature `blocking-client`), blocking on ureq, for the
//!   verifier. The verifier is what a supervision committee runs on its own laptop to
//!   check a board, so it must not link a server stack: reqwest brings hyper (the board's
//!   HTTP server library) and tokio, ureq neither. CI checks that `cargo tree -p
//!   zhixuan-verify -e normal` holds no axum, hyper, sqlx or maud.
//!
//! Both send the same requests and give the same answers and the same [`ClientError`], and
//! both wait and try again alike ([`Patience`]): a request that gets no answer in time, or
//! that the board says stored nothing, is sent again after a growing pause. A write whose
//! answer was lost is recognised when sent again: the board answers a ballot's copy with
//! its first acknowledgement (`spec/board.md` §5.7), and for any other entry the client
//! finds its first copy in the log.

use thiserror::Error;

use crate::wire::ErrorBody;

mod api;
#[cfg(feature = "client")]
mod asynchronous;
#[cfg(feature = "blocking-client")]
pub mod blocking;

pub use api::{Patience, Waiting, Watch};
#[cfg(feature = "client")]
pub use asynchronous::BoardClient;

/// Why a request to the board failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The board refused the request; `body` says why.
    #[error("the board refused ({status}): {} [{}]", body.message, body.code)]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The board's explanation.
        body: ErrorBody,
    },
    /// The board could not be reached.
    #[error("could not reach the board at {url}: {message}")]
    Unreachable {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The board answered something this client does not understand.
    #[error("the board's answer could not be read: {0}")]
    Decode(String),
}

impl ClientError {
    /// The board's error code, when it refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Refused { body, .. } => Some(&body.code),
            _ => None,
        }
    }
}
