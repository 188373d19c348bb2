//! The board's HTTP messages: what the server answers and the client reads. Kept apart
//! from both so that a reader of boards (the verifier) needs neither the server nor its
//! storage.
//!
//! With the `server` feature each message also describes itself as a JSON Schema
//! (`schemars`); `tests/openapi.rs` checks those schemas against `spec/openapi.json`.

use serde::{Deserialize, Serialize};
use zhixuan_tally::TrackingCode;

use crate::entry::LogEntry;
use crate::log::merkle::Hash;
use crate::rejection::Phase;

/// One election in a listing.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ElectionInfo {
    /// The election id.
    pub id: String,
    /// The definition hash.
    pub definition_hash: String,
    /// The lifecycle phase.
    pub phase: Phase,
    /// Entries in the log.
    pub size: u64,
    /// Ballots counted so far, per group id.
    pub ballots: Vec<(String, u64)>,
}

/// An inclusion proof.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InclusionProof {
    /// The leaf index.
    pub index: u64,
    /// The tree size the proof is for.
    pub size: u64,
    /// The leaf hash.
    pub leaf_hash: Hash,
    /// The audit path.
    pub proof: Vec<Hash>,
    /// The latest signed checkpoint (its size is `size` when no size was asked for).
    pub checkpoint: String,
}

/// The answer to a tracking-code lookup: the ballot's inclusion proof and, for a cast
/// ballot that a later ballot of the same credential replaced (revote `last_counts`), the
/// index of the ballot counted instead. A client checks that entry (a ballot of the same
/// credential, later in the log, included under the same checkpoint) before saying that the
/// ballot was superseded (`spec/board.md` §7).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrackingProof {
    /// The ballot's inclusion proof.
    #[serde(flatten)]
    pub inclusion: InclusionProof,
    /// The index of the later ballot of the same credential counted instead of this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<u64>,
}

/// A consistency proof between two sizes.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsistencyProof {
    /// The older size.
    pub from: u64,
    /// The newer size.
    pub to: u64,
    /// The proof.
    pub proof: Vec<Hash>,
}

/// What a write returns once it is durable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ack {
    /// The entry's index in the election's log.
    pub index: u64,
    /// Its leaf hash.
    pub leaf_hash: Hash,
    /// For a ballot or audited ballot, its tracking code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<TrackingCodeText>"))]
    pub tracking_code: Option<TrackingCode>,
    /// For a ballot that replaced an earlier one (last-one-counts), that ballot's index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<u64>,
    /// A signed checkpoint that includes the entry.
    pub checkpoint: String,
    /// The entry's inclusion proof under that checkpoint.
    pub inclusion_proof: Vec<Hash>,
}

/// The JSON body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    /// Stable, for programs: e.g. `already_voted`, `invalid_ballot`, `malformed_json`.
    pub code: String,
    /// For people: what was wrong and what to do.
    pub message: String,
}

/// A page of a log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntriesPage {
    /// The entries, in order.
    pub entries: Vec<LogEntry>,
    /// The index after the last one, if any were returned.
    pub next: Option<u64>,
}

/// The schema of a [`TrackingCode`] as written (`spec/protocol.md` §10).
#[cfg(feature = "schema")]
struct TrackingCodeText;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for TrackingCodeText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TrackingCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$",
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Hash {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Hash".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
        })
    }
}

/// A procedure as `GET /procedures/{id}` answers it (`spec/procedure.md` §6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProcedureInfo {
    /// The procedure id.
    pub procedure_id: String,
    /// The plan hash, hex.
    pub plan_hash: String,
    /// Entries in its log.
    pub size: u64,
    /// The current stage's id; absent once every stage is closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_stage: Option<String>,
    /// How many stages are closed.
    pub closed_stages: u64,
    /// Every post's list as it stands: `[post, [person ids]]`.
    pub lists: Vec<(String, Vec<String>)>,
    /// The last lot's speaking order.
    pub order: Vec<String>,
}

/// A page of a procedure's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedurePage {
    /// The entries, in order.
    pub entries: Vec<LogEntry<crate::ProcedureEntry>>,
    /// The index after the last one, if any were returned.
    pub next: Option<u64>,
}
