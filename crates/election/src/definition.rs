//! The election definition: the document an organiser publishes before anything else, and
//! the hash every ballot, proof and signature of the election is bound to.
//!
//! [`DefinitionDocument`] is the JSON document as written (`spec/definition.md`);
//! [`ElectionDefinition`] is a document that passed validation, with its hash, its
//! questions and each group's ballot style computed once. Only the latter is accepted by
//! [`decide`](fn@crate::decide), the credential lists and the round-chain check, so nothing
//! downstream has to re-check the definition.
//!
//! The hash is `tagged_hash("zhixuan-v1/definition", document)` over the canonical binary
//! encoding of the document, fields in declaration order (the order `spec/definition.md`
//! §4 lists). It is never computed over JSON text: two spellings of one definition (key
//! order, whitespace, a time zone offset) have one hash.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::contest::ContestDefinition;
use crate::group::VoterGroup;
use crate::questions::{expand, Question};
use crate::round::Round;
use crate::text::Bilingual;
use crate::validate::{validate, DefinitionError, DefinitionProblem};
use zhixuan_tally::ContestIndex;
use zhixuan_tally::VerifyingKey;
use zhixuan_tally::{tagged_hash, ElectionHash, Encode, Encoder};
use zhixuan_tally::{BallotStyle, StyledContest};

/// The only version of the definition format this software reads.
pub const DEFINITION_VERSION: u32 = 1;

/// The domain of the definition hash.
pub const DEFINITION_HASH_DOMAIN: &str = "zhixuan-v1/definition";

/// An election definition as written, before validation. Field order is encoding order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionDocument {
    /// Always [`DEFINITION_VERSION`].
    pub version: u32,
    /// `[a-z0-9-]{1,64}`; it appears in the board's URLs.
    pub election_id: String,
    /// The election's title.
    pub title: Bilingual,
    /// The organiser (选举工作领导小组) signs what it publishes on the board with this key.
    pub organiser: VerifyingKey,
    /// The supervision committee members who hold the shares of the election key.
    pub trustees: Vec<TrusteeEntry>,
    /// How many trustees must take part in decryption: `1 ≤ threshold ≤ trustees`.
    pub threshold: u32,
    /// When ballots are accepted.
    pub voting: VotingWindow,
    /// Whether a credential may vote again.
    pub revote: RevotePolicy,
    /// The round of a multi-round election (三轮选), if this is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<Round>,
    /// The voter groups.
    pub groups: Vec<VoterGroup>,
    /// The contests, in definition order (which numbers their questions).
    pub contests: Vec<ContestDefinition>,
}

/// A trustee: a supervision committee member who holds a share of the election key.
/// Trustee `i` in this list (from 0) is [`TrusteeIndex`](zhixuan_tally::TrusteeIndex) `i + 1` in
/// the key ceremony.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrusteeEntry {
    /// The trustee's id, unique among trustees.
    pub id: String,
    /// The trustee's name.
    pub name: Bilingual,
    /// The key the trustee signs and receives ceremony messages with.
    pub key: VerifyingKey,
}

/// When ballots are accepted: from `opens` (inclusive) until `closes` (exclusive). RFC 3339
/// in JSON, whole seconds; the offset is for people and is not part of the hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VotingWindow {
    /// The first instant a ballot is accepted.
    #[serde(with = "time::serde::rfc3339")]
    pub opens: OffsetDateTime,
    /// The first instant a ballot is no longer accepted.
    #[serde(with = "time::serde::rfc3339")]
    pub closes: OffsetDateTime,
}

impl VotingWindow {
    /// Whether a ballot received at `at` is inside the window.
    pub fn contains(&self, at: OffsetDateTime) -> bool {
        self.opens <= at && at < self.closes
    }

    /// `t` in the election's own time zone: the offset its window is written in, so that
    /// every time shown (on the board's pages, by the command) reads as the notice does.
    pub fn local(&self, t: OffsetDateTime) -> OffsetDateTime {
        t.to_offset(self.opens.offset())
    }
}

/// What happens when a credential casts a second ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevotePolicy {
    /// One ballot per credential; a second one is refused.
    Single,
    /// A credential may vote again; only its last ballot is counted (a voter pressured at
    /// one moment can vote again later).
    LastCounts,
}

impl Encode for DefinitionDocument {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(u64::from(self.version))
            .str(&self.election_id)
            .value(&self.title)
            .value(&self.organiser)
            .seq(&self.trustees)
            .u64(u64::from(self.threshold))
            .value(&self.voting)
            .value(&self.revote)
            .value(&self.round)
            .seq(&self.groups)
            .seq(&self.contests);
    }
}

impl Encode for TrusteeEntry {
    fn encode(&self, enc: &mut Encoder) {
        enc.str(&self.id).value(&self.name).value(&self.key);
    }
}

impl Encode for VotingWindow {
    /// Each instant is its Unix time in seconds as a 64-bit two's-complement integer.
    fn encode(&self, enc: &mut Encoder) {
        // Two's complement keeps the encoding total (and injective) even for instants
        // before 1970, which validation does not need to forbid.
        enc.u64(self.opens.unix_timestamp() as u64)
            .u64(self.closes.unix_timestamp() as u64);
    }
}

impl Encode for RevotePolicy {
    fn encode(&self, enc: &mut Encoder) {
        enc.u64(match self {
            RevotePolicy::Single => 0,
            RevotePolicy::LastCounts => 1,
        });
    }
}

/// A validated election definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "DefinitionDocument", into = "DefinitionDocument")]
pub struct ElectionDefinition {
    document: DefinitionDocument,
    hash: ElectionHash,
    questions: Vec<Question>,
    /// One per group, in group order.
    styles: Vec<BallotStyle>,
}

impl ElectionDefinition {
    /// Parses and validates a definition. A JSON error names the path of the offending
    /// value (e.g. `contests[1].kind.trust.trust_more_than`).
    pub fn from_json(text: &str) -> Result<Self, DefinitionError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let document: DefinitionDocument =
            serde_path_to_error::deserialize(&mut de).map_err(|e| DefinitionError::Json {
                path: e.path().to_string(),
                message: e.inner().to_string(),
            })?;
        de.end().map_err(|e| DefinitionError::Json {
            path: ".".to_owned(),
            message: e.to_string(),
        })?;
        Self::from_document(document)
    }

    /// Validates a document (`spec/definition.md` §2), expands its questions and each
    /// group's ballot style (§3), and computes its hash (§4).
    pub fn from_document(document: DefinitionDocument) -> Result<Self, DefinitionError> {
        validate(&document)?;
        let questions = expand(&document.contests);
        let mut styles = Vec::with_capacity(document.groups.len());
        for (g, group) in document.groups.iter().enumerate() {
            let contests = questions
                .iter()
                .filter(|q| group.contests.contains(&q.contest))
                .map(|q| StyledContest {
                    contest: q.index,
                    spec: q.spec.clone(),
                })
                .collect();
            let style = BallotStyle::new(contests).map_err(|e| DefinitionError::Invalid {
                path: format!("groups[{g}]"),
                problem: DefinitionProblem::Style(e),
            })?;
            styles.push(style);
        }
        // spec/definition.md §4: the tagged hash of the canonical encoding.
        let hash = ElectionHash(tagged_hash(DEFINITION_HASH_DOMAIN, &document));
        Ok(Self {
            document,
            hash,
            questions,
            styles,
        })
    }

    /// Pretty JSON, as published. Fails only if a time cannot be written in RFC 3339
    /// (an offset with seconds, which a parsed definition never has).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(&self.document)
    }

    /// The validated document, as written.
    pub fn document(&self) -> &DefinitionDocument {
        &self.document
    }

    /// The definition hash every proof in the election is bound to.
    pub fn hash(&self) -> ElectionHash {
        self.hash
    }

    /// The election id (`[a-z0-9-]{1,64}`).
    pub fn election_id(&self) -> &str {
        &self.document.election_id
    }

    /// Every question of the election, in index order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this index, with its contest and the meaning of its options.
    pub fn question(&self, index: ContestIndex) -> Option<&Question> {
        usize::try_from(index.0)
            .ok()
            .and_then(|i| self.questions.get(i))
    }

    /// The questions a contest asks, in order.
    pub fn questions_of<'a>(&'a self, contest: &'a str) -> impl Iterator<Item = &'a Question> {
        self.questions.iter().filter(move |q| q.contest == contest)
    }

    /// The ballot style of a group: the questions of the contests it answers.
    pub fn ballot_style(&self, group: &str) -> Option<&BallotStyle> {
        let position = self.group_position(group)?;
        self.styles.get(position)
    }

    /// The voter group with this id.
    pub fn group(&self, id: &str) -> Option<&VoterGroup> {
        self.document.groups.iter().find(|g| g.id == id)
    }

    /// The contest with this id.
    pub fn contest(&self, id: &str) -> Option<&ContestDefinition> {
        self.document.contests.iter().find(|c| c.id == id)
    }

    /// The groups that answer a contest, in group order.
    pub fn groups_answering<'a>(
        &'a self,
        contest: &'a str,
    ) -> impl Iterator<Item = &'a VoterGroup> {
        self.document
            .groups
            .iter()
            .filter(move |g| g.contests.iter().any(|c| c == contest))
    }

    pub(crate) fn group_position(&self, id: &str) -> Option<usize> {
        self.document.groups.iter().position(|g| g.id == id)
    }
}

impl TryFrom<DefinitionDocument> for ElectionDefinition {
    type Error = DefinitionError;

    fn try_from(document: DefinitionDocument) -> Result<Self, Self::Error> {
        Self::from_document(document)
    }
}

impl From<ElectionDefinition> for DefinitionDocument {
    fn from(definition: ElectionDefinition) -> Self {
        definition.document
    }
}

impl Encode for ElectionDefinition {
    fn encode(&self, enc: &mut Encoder) {
        self.document.encode(enc);
    }
}
