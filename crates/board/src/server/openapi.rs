//! The board's public contract, `spec/openapi.json` (OpenAPI 3.1), served at
//! `GET /openapi.json` so that a client can read the API of the board it talks to.
//! `tests/openapi.rs` holds the document to the routes, the messages and the error codes.

use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI document, as published in `spec/openapi.json`.
pub const DOCUMENT: &str = include_str!("../../../../spec/openapi.json");

pub(super) async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
