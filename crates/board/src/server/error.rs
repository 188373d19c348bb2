//! Errors as HTTP responses: a status, a stable machine-readable code, and a sentence a
//! person can act on. Nothing is stored when a request fails.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::record::rejection::Rejection;
use crate::store::StoreError;
use crate::wire::ErrorBody;

/// An error answered to a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub body: ErrorBody,
}

impl ApiError {
    /// An error with the given status, code and message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                code: code.to_owned(),
                message: message.into(),
            },
        }
    }

    /// The request body is not valid JSON of the expected shape.
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "malformed_json", message)
    }

    /// No such election.
    pub fn unknown_election(id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "unknown_election",
            format!("there is no election `{id}` on this board; check the election id"),
        )
    }
}

impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        let status = match r {
            Rejection::WrongPhase { .. }
            | Rejection::DefinitionExists
            | Rejection::DuplicateCredentialList { .. }
            | Rejection::DuplicateDealing(_)
            | Rejection::DuplicateComplaint { .. }
            | Rejection::AlreadyVoted
            | Rejection::DuplicateBallot { .. }
            | Rejection::AuditedBallotCast
            | Rejection::DuplicateDecryption(_)
            | Rejection::OutsideWindow { .. }
            | Rejection::MissingCredentialList { .. }
            | Rejection::TooFewDealers { .. } => StatusCode::CONFLICT,
            Rejection::BadSignature { .. } | Rejection::UnknownCredential => StatusCode::FORBIDDEN,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        Self::new(status, r.code(), r.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::UnknownElection(id) => Self::unknown_election(&id),
            StoreError::ElectionExists(id) => Self::new(
                StatusCode::CONFLICT,
                "election_exists",
                format!("an election `{id}` already exists on this board; choose another election id"),
            ),
            StoreError::Unwritable(_) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage_unwritable",
                "the board cannot store anything right now (its disk is full or read-only); nothing was stored — try again later",
            ),
            StoreError::Conflict { .. } => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "another board server wrote at the same moment; nothing was stored — send it again",
            ),
            other => {
                tracing::error!(error = %other, "storage failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "storage_error",
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
