//! Errors as HTTP responses: a status, a stable machine-readable code, and a sentence a
//! person can act on. Nothing is stored when a request fails.
//!
//! Every code's status is in the one table of codes ([`ErrorCode::meaning`]): for a refused
//! entry, 409 when it collides with what the log already holds (a duplicate, the wrong
//! phase, a missing prerequisite, the voting window), 403 when its signer is not one the
//! election accepts, 422 when its content fails a check. `spec/board.md` lists every code.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::store::StoreError;
use zhixuan_record::{ErrorBody, ErrorCode, Rejection};

/// An error answered to a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
}

impl ApiError {
    /// An error with the given code (its status is the code's) and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(code.status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: ErrorBody {
                code: code.as_str().to_owned(),
                message: message.into(),
            },
        }
    }

    /// The code, when it is one this board knows (always, for errors it made itself).
    pub fn code(&self) -> Option<ErrorCode> {
        self.body.code.parse().ok()
    }

    /// The request body is not valid JSON of the expected shape.
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::MalformedJson, message)
    }

    /// The board itself failed (a poisoned lock, a task that did not finish).
    pub fn internal(what: impl core::fmt::Display) -> Self {
        Self::new(
            ErrorCode::InternalError,
            format!("the board hit an internal error ({what}); try again later"),
        )
    }

    /// The store holds something the board cannot serve: damaged, or written by other
    /// software. A server-side failure, not the client's.
    pub fn corrupt_store(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::CorruptStore, message)
    }

    /// Other board servers sharing the store kept appending first.
    pub fn busy() -> Self {
        Self::new(ErrorCode::Busy,
            "other board servers kept writing at the same moment; nothing was stored — send it again",
        )
    }

    /// No such election.
    pub fn unknown_election(id: &str) -> Self {
        Self::new(
            ErrorCode::UnknownElection,
            format!(
                "there is no election `{}` on this board; check the election id",
                shortened(id)
            ),
        )
    }
}

/// An id as quoted back in a message: ids are at most 64 characters, and whatever a
/// client sent in their place is not worth repeating at length.
fn shortened(id: &str) -> String {
    const SHOWN: usize = 80;
    match id.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &id[..cut]),
        None => id.to_owned(),
    }
}

impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        Self::new(r.code(), r.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::UnknownElection(id) => Self::unknown_election(&id),
            StoreError::ElectionExists(id) => Self::new(ErrorCode::ElectionExists,
                format!("an election `{id}` already exists on this board; choose another election id"),
            ),
            StoreError::Unwritable(_) => Self::new(ErrorCode::StorageUnwritable,
                "the board cannot store anything right now (its disk is full or read-only); nothing was stored — try again later",
            ),
            StoreError::Conflict { .. } => Self::busy(),
            other => {
                tracing::error!(error = %other, "storage failure");
                Self::new(ErrorCode::StorageError,
                    "the board could not store this; nothing was stored — try again later",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// The most of a framework error's text kept in the message.
const DETAIL_BYTES: usize = 1024;

/// Gives the errors that axum and tower-http answer by themselves (no such path, a method
/// the path does not take, a query string or path that does not parse, a body over the
/// limit, a timeout) the [`ErrorBody`] every other error has, so clients read one shape.
pub async fn framework_errors(response: Response) -> Response {
    let status = response.status();
    // The board's own answers — JSON, and the web pages' HTML — already say what went wrong.
    let is_ours = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
        });
    if is_ours || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let detail = axum::body::to_bytes(body, DETAIL_BYTES)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    // Every other 4xx the framework answers comes from a path or query string it could not
    // read, and is answered 400.
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::new(
            ErrorCode::NotFound,
            "there is no such path on this board; GET /openapi.json lists its paths",
        ),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            ErrorCode::MethodNotAllowed,
            "this path does not take this method; the Allow header lists those it takes",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            ErrorCode::BodyTooLarge,
            "the request body is larger than this board accepts; nothing was stored",
        ),
        StatusCode::REQUEST_TIMEOUT => ApiError::new(
            ErrorCode::Timeout,
            "the board did not finish in time; a write may still have been stored — look for it \
             in the log (a ballot by its tracking code) before sending it again",
        ),
        _ if status.is_client_error() => ApiError::new(
            ErrorCode::BadRequest,
            format!("the request's path or query string is not understood: {detail}"),
        ),
        _ => ApiError::internal(detail),
    };
    let mut answer = error.into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}
