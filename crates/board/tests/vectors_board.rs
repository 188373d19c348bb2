//! Known-answer vectors for the board's logs: one small election with an entry of every
//! kind (`spec/vectors/board.json`), and one procedure around it with an entry of every
//! procedure kind (`spec/vectors/procedure.json`); for each entry its leaf data and leaf
//! hash (`spec/board.md` §2.4), and for each signed message the bytes its signature covers
//! (`spec/board.md` §3); then the log's root. The procedure's vector also holds its plan's
//! encoding and hash (`spec/procedure.md` §1.3) and its lot (§5).
//!
//! The election is drawn from a fixed seed with `ChaCha20Rng` (keys are the demonstration
//! keys of the test kit, times are fixed), so that rerunning the generator
//! after a change of a body's format rewrites every entry consistently. The test requires
//! the committed file to be reproduced byte for byte (or writes it, with
//! `ZHIXUAN_WRITE_VECTORS=1`), then recomputes from the committed JSON, with code written
//! here from `spec/board.md` and `spec/log.md`: every leaf's data from its time, its kind's
//! number, its body's encoding and its signature; every statement hash; the encodings of
//! the bodies the board itself defines (`open_voting`, `close_voting`, `tally`,
//! `partial_decryption`) and of credential lists and complaints; and the RFC 6962 root.
//! The other bodies' encodings (definition, dealing, ballot, audited ballot, result) are
//! those that `spec/definition.md` §4, `spec/protocol.md` §3.1 and `spec/rules.md` §15
//! give, with vectors of their own.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use zhixuan_election::ProcedurePlan;
use zhixuan_election::{decide, CredentialList, ElectionDefinition};
use zhixuan_record::{
    lot_commitment, lot_order, Announcement, Attendance, CloseVoting, Decision, Endorsement, Entry,
    LinkedElection, LogEntry, LotReveal, MerkleTree, Objection, ObjectionAnswer, OpenVoting,
    Petition, ProcedureEntry, ProcedureState, Registration, ReviewDecision, Signed, StageElection,
    Statement, TrusteeDecryption, Withdrawal,
};
use zhixuan_tally::{
    conclude, Acknowledgement, CeremonyParams, CredentialSecret, Dealing, ElectionContext, Encode,
    Encryptor, Signature, SigningKey, Trustee, TrusteeIndex, VerifyingKey,
};
use zhixuan_testkit::{demo_key, small_choices, small_election, Election};

const NAME: &str = "board";
const PROCEDURE: &str = "procedure";

fn seed(name: &str) -> [u8; 32] {
    let text = format!("zhixuan-v1/vectors/{name}");
    let mut seed = [0u8; 32];
    seed[..text.len()].copy_from_slice(text.as_bytes());
    seed
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BoardVector {
    description: String,
    seed: String,
    election_hash: String,
    entries: Vec<EntryVector>,
    /// The RFC 6962 root of the log of all the entries.
    root: String,
    /// A second log of the same election: its definition, then the organiser's withdrawal
    /// (`spec/board.md` §5.5a), which no log holds beside a vote.
    withdrawn: LogVector,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogVector {
    entries: Vec<EntryVector>,
    root: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryVector {
    /// The entry as it stands in the log (`spec/board.md` §2.1).
    entry: serde_json::Value,
    /// The kind's number (`spec/board.md` §2.2).
    number: u64,
    /// `enc(body)`: of the signed body for a signed message, of the ballot or audited
    /// ballot otherwise.
    body_encoding: String,
    /// For a signed message: the signer's key, `E_h ‖ str(kind) ‖ enc(body)` and its
    /// tagged hash `m`, which the signature signs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    signed: Option<SignedVector>,
    leaf_data: String,
    leaf_hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedVector {
    signer: String,
    statement: String,
    message: String,
}

// ---------------------------------------------------------------------------------------
// The election
// ---------------------------------------------------------------------------------------

fn at(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
}

/// Every entry of the election, in log order, with its signer (none for ballots).
fn election() -> (ElectionDefinition, Vec<(Entry, Option<SigningKey>)>) {
    let mut rng = ChaCha20Rng::from_seed(seed(NAME));
    let mut doc = small_election("vectors-board", 3);
    doc.voting.opens = at("2026-05-01T08:00:00Z");
    doc.voting.closes = at("2026-05-01T20:00:00Z");
    let definition = ElectionDefinition::from_document(doc).unwrap();
    let hash = definition.hash();
    let organiser = demo_key("organiser");
    let keys: Vec<SigningKey> = (1..=3).map(|i| demo_key(&format!("trustee-{i}"))).collect();
    let mut entries: Vec<(Entry, Option<SigningKey>)> = Vec::new();
    macro_rules! signed {
        ($kind:ident, $key:expr, $body:expr) => {{
            let key: &SigningKey = $key;
            let body = Signed::sign(key, &hash, $body, &mut rng);
            entries.push((Entry::$kind(body), Some(key.clone())));
        }};
    }

    signed!(Definition, &organiser, definition.clone());
    let voters: Vec<CredentialSecret> = (0..3)
        .map(|_| CredentialSecret::generate(&mut rng))
        .collect();
    let list = CredentialList::new(
        &definition,
        "voters",
        voters.iter().map(CredentialSecret::public).collect(),
    )
    .unwrap();
    signed!(CredentialList, &organiser, list);

    // The ceremony: trustee 3 sends trustee 1 a wrong share, and trustee 1 complains.
    let params = CeremonyParams::new(
        hash,
        definition.document().threshold,
        keys.iter().map(|k| k.verifying_key().clone()).collect(),
    )
    .unwrap();
    let mut trustees: Vec<Trustee> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            Trustee::new(
                params.clone(),
                TrusteeIndex(i as u32 + 1),
                k.clone(),
                &mut rng,
            )
            .unwrap()
        })
        .collect();
    let mut dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
    let wrong = &mut dealings[2].shares[0];
    assert_eq!(wrong.recipient, TrusteeIndex(1));
    wrong.masked_share = wrong.masked_share + wrong.masked_share;
    let mut complaints = Vec::new();
    for t in &mut trustees {
        for d in &dealings {
            complaints.extend(t.receive(d, &mut rng).unwrap());
        }
    }
    assert_eq!(complaints.len(), 1);
    for (d, key) in dealings.iter().zip(&keys) {
        signed!(Dealing, key, d.clone());
    }
    signed!(Complaint, &keys[0], complaints[0].clone());
    // Every other answer is an acknowledgement (spec/board.md §5.4a).
    for d in &dealings {
        for (j, key) in keys.iter().enumerate() {
            let recipient = TrusteeIndex(j as u32 + 1);
            if recipient != d.dealer && !(d.dealer == TrusteeIndex(3) && j == 0) {
                signed!(Acknowledgement, key, Acknowledgement::new(d, recipient));
            }
        }
    }
    let ceremony = conclude(&params, &dealings, &complaints).unwrap();
    let shares: Vec<_> = trustees
        .iter()
        .map(|t| t.finish(&ceremony).unwrap())
        .collect();
    signed!(
        OpenVoting,
        &organiser,
        OpenVoting {
            election_key: ceremony.election_key.clone(),
        }
    );

    // Two ballots cast, a third audited.
    let encryptor = Encryptor::new(ElectionContext {
        election: hash,
        key: ceremony.election_key.clone(),
    });
    let style = definition.ballot_style("voters").unwrap();
    let mut cast = Vec::new();
    for (n, voter) in voters.iter().enumerate() {
        let prepared = encryptor
            .encrypt_ballot(style, &small_choices(n), &voter.public(), &mut rng)
            .unwrap();
        if n < 2 {
            let ballot = prepared.cast(voter, &mut rng).unwrap();
            cast.push(ballot.clone());
            entries.push((Entry::Ballot(ballot), None));
        } else {
            entries.push((Entry::AuditedBallot(prepared.audit("voters")), None));
        }
    }
    // Both voters who cast a ballot were at the meeting.
    signed!(
        Attendance,
        &organiser,
        Attendance {
            group: "voters".into(),
            present: 2,
        }
    );
    signed!(CloseVoting, &organiser, CloseVoting {});

    // The tally, its decryption by trustees 1 and 2, and the result.
    let f = Election {
        definition: definition.clone(),
        hash,
        organiser: organiser.clone(),
        trustee_keys: keys.clone(),
        dealings,
        ceremony,
        shares,
        voters: voters
            .iter()
            .map(|v| ("voters".to_owned(), v.clone()))
            .collect(),
        encryptor,
        earlier: Vec::new(),
    };
    let tally = f.tally(&cast);
    signed!(Tally, &organiser, tally.clone());
    for (i, share) in f.shares.iter().take(2).enumerate() {
        let decryption = TrusteeDecryption {
            trustee: share.index(),
            groups: tally
                .groups
                .iter()
                .map(|g| share.decrypt(&hash, &g.tally.ciphertexts(), &mut rng))
                .collect(),
        };
        signed!(PartialDecryption, &keys[i], decryption);
    }
    let mut result = f.result(&tally, &cast);
    result.counts.groups[0].present = Some(2);
    result.outcome = decide(&definition, &result.counts, &[]).unwrap();
    signed!(Result, &organiser, result);
    (definition, entries)
}

fn body_encoding(entry: &Entry) -> Vec<u8> {
    match entry {
        Entry::Definition(s) => s.body.to_canonical_bytes(),
        Entry::CredentialList(s) => s.body.to_canonical_bytes(),
        Entry::Dealing(s) => s.body.to_canonical_bytes(),
        Entry::Complaint(s) => s.body.to_canonical_bytes(),
        Entry::OpenVoting(s) => s.body.to_canonical_bytes(),
        Entry::Ballot(b) => b.to_canonical_bytes(),
        Entry::AuditedBallot(a) => a.to_canonical_bytes(),
        Entry::CloseVoting(s) => s.body.to_canonical_bytes(),
        Entry::Tally(s) => s.body.to_canonical_bytes(),
        Entry::PartialDecryption(s) => s.body.to_canonical_bytes(),
        Entry::Result(s) => s.body.to_canonical_bytes(),
        Entry::Acknowledgement(s) => s.body.to_canonical_bytes(),
        Entry::Attendance(s) => s.body.to_canonical_bytes(),
        Entry::Withdrawal(s) => s.body.to_canonical_bytes(),
    }
}

/// The log of the election withdrawn in setup: its definition, and the organiser's
/// withdrawal naming the election that replaces it.
fn withdrawn(definition: &ElectionDefinition) -> Vec<(Entry, Option<SigningKey>)> {
    let mut rng = ChaCha20Rng::from_seed(seed(NAME));
    let organiser = demo_key("organiser");
    let hash = definition.hash();
    let body = Withdrawal {
        reason: "选举日期有误 / the wrong meeting day".into(),
        replaced_by: Some("vectors-board-corrected".into()),
    };
    vec![
        (
            Entry::Definition(Signed::sign(
                &organiser,
                &hash,
                definition.clone(),
                &mut rng,
            )),
            Some(organiser.clone()),
        ),
        (
            Entry::Withdrawal(Signed::sign(&organiser, &hash, body, &mut rng)),
            Some(organiser),
        ),
    ]
}

/// The vector of one logged entry: `statement_hash` is the hash signatures bind (the
/// election's, or the procedure's plan hash), `body` the encoding of its body.
fn entry_vector<E: Encode + Serialize>(
    log_entry: &LogEntry<E>,
    kind: &str,
    statement_hash: &[u8],
    body: Vec<u8>,
    signer: Option<SigningKey>,
) -> EntryVector {
    let leaf_data = log_entry.leaf_data();
    let signed = signer.map(|key| {
        let mut statement = statement_hash.to_vec();
        statement.extend_from_slice(&(kind.len() as u64).to_le_bytes());
        statement.extend_from_slice(kind.as_bytes());
        statement.extend_from_slice(&body);
        SignedVector {
            signer: key.verifying_key().to_string(),
            message: hex::encode(spec_message(&statement)),
            statement: hex::encode(statement),
        }
    });
    EntryVector {
        entry: serde_json::to_value(log_entry).unwrap(),
        number: u64::from_le_bytes(leaf_data[8..16].try_into().unwrap()),
        body_encoding: hex::encode(&body),
        signed,
        leaf_data: hex::encode(&leaf_data),
        leaf_hash: log_entry.leaf_hash().to_string(),
    }
}

fn generate() -> BoardVector {
    let (definition, entries) = election();
    let withdrawn = log_vector(&definition, withdrawn(&definition));
    let (entries, root) = log_vector(&definition, entries);
    BoardVector {
        description: "One election's log with an entry of every kind but one (spec/board.md §2.2): a definition, a credential list, three dealings (trustee 3's share to trustee 1 off), trustee 1's complaint, the five acknowledgements that answer every other dealing, open_voting, two ballots and an audited ballot, the attendance of the voters' group, close_voting, the tally, two partial decryptions and the result; and, under `withdrawn`, a second log of the same election holding the kind a vote never stands beside: its definition and the organiser's withdrawal. For each entry: the entry as logged, its kind's number, the encoding of its body, for a signed message the signer's key, the statement E_h ‖ str(kind) ‖ enc(body) and its hash m = tagged_hash(\"zhixuan-v1/board-message\", statement) (spec/board.md §3), the leaf data u64(received_at) ‖ u64(number) ‖ enc(body) [‖ R ‖ s] and the leaf hash (spec/board.md §2.4); and each log's RFC 6962 root".into(),
        seed: hex::encode(seed(NAME)),
        election_hash: definition.hash().to_string(),
        entries,
        root,
        withdrawn: LogVector {
            entries: withdrawn.0,
            root: withdrawn.1,
        },
    }
}

/// Each entry's vector, and the log's root.
fn log_vector(
    definition: &ElectionDefinition,
    entries: Vec<(Entry, Option<SigningKey>)>,
) -> (Vec<EntryVector>, String) {
    let hash = definition.hash();
    let mut tree = MerkleTree::new();
    let entries = entries
        .into_iter()
        .enumerate()
        .map(|(index, (entry, signer))| {
            let log_entry = LogEntry {
                index: index as u64,
                received_at: at("2026-05-01T09:00:00Z") + time::Duration::minutes(index as i64),
                entry,
            };
            tree.push(log_entry.leaf_hash());
            let body = body_encoding(&log_entry.entry);
            let kind = log_entry.entry.kind().as_str();
            entry_vector(&log_entry, kind, hash.as_bytes(), body, signer)
        })
        .collect();
    (entries, tree.root().to_string())
}

fn reproduce(generated: &BoardVector) -> String {
    zhixuan_testkit::reproduce(
        &format!("{NAME}.json"),
        generated,
        "cargo test -p zhixuan-board --test vectors_board",
    )
}

// ---------------------------------------------------------------------------------------
// spec/board.md and spec/log.md, written from the documents
// ---------------------------------------------------------------------------------------

/// `spec/board.md` §2.2: each kind's number.
const KINDS: [(u64, &str); 14] = [
    (0, "definition"),
    (1, "credential_list"),
    (2, "dealing"),
    (3, "complaint"),
    (4, "open_voting"),
    (5, "ballot"),
    (6, "audited_ballot"),
    (7, "close_voting"),
    (8, "tally"),
    (9, "partial_decryption"),
    (10, "result"),
    (11, "acknowledgement"),
    (12, "withdrawal"),
    (13, "attendance"),
];

/// `spec/board.md` §3: `SHA-256(u64(24) ‖ "zhixuan-v1/board-message" ‖ statement)`.
fn spec_message(statement: &[u8]) -> [u8; 32] {
    let domain = b"zhixuan-v1/board-message";
    let mut h = Sha256::new();
    h.update((domain.len() as u64).to_le_bytes());
    h.update(domain);
    h.update(statement);
    h.finalize().into()
}

/// `spec/log.md` §2: the RFC 6962 Merkle tree hash of the leaf hashes.
fn spec_root(leaves: &[[u8; 32]]) -> [u8; 32] {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = n.next_power_of_two() / 2;
            let mut h = Sha256::new();
            h.update([1u8]);
            h.update(spec_root(&leaves[..k]));
            h.update(spec_root(&leaves[k..]));
            h.finalize().into()
        }
    }
}

fn bytes(v: &serde_json::Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn u64_le(n: u64) -> [u8; 8] {
    n.to_le_bytes()
}

/// `enc(PartialDecryption)` of `spec/protocol.md` §3.1.
fn spec_partial(p: &serde_json::Value, out: &mut Vec<u8>) {
    out.extend(u64_le(p["trustee"].as_u64().unwrap()));
    let shares = p["shares"].as_array().unwrap();
    out.extend(u64_le(shares.len() as u64));
    for s in shares {
        out.extend(bytes(&s["share"]));
        out.extend(bytes(&s["proof"]["c"]));
        out.extend(bytes(&s["proof"]["z"]));
    }
}

/// The encodings `spec/board.md` §2.3 (and `spec/definition.md` §5, `spec/protocol.md`
/// §3.1 for complaints and acknowledgements) give for the bodies of these kinds; `None` for the others.
fn spec_body(kind: &str, body: &serde_json::Value) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match kind {
        "credential_list" => {
            out.extend(bytes(&body["election"]));
            let group = body["group"].as_str().unwrap();
            out.extend(u64_le(group.len() as u64));
            out.extend(group.as_bytes());
            let credentials = body["credentials"].as_array().unwrap();
            out.extend(u64_le(credentials.len() as u64));
            for c in credentials {
                out.extend(bytes(c));
            }
        }
        "complaint" => {
            out.extend(u64_le(body["dealer"].as_u64().unwrap()));
            out.extend(u64_le(body["recipient"].as_u64().unwrap()));
            out.extend(bytes(&body["shared_secret"]));
            out.extend(bytes(&body["proof"]["c"]));
            out.extend(bytes(&body["proof"]["z"]));
        }
        "acknowledgement" => {
            out.extend(u64_le(body["dealer"].as_u64().unwrap()));
            out.extend(u64_le(body["recipient"].as_u64().unwrap()));
            out.extend(bytes(&body["dealing"]));
        }
        "open_voting" => out.extend(bytes(&body["election_key"])),
        "close_voting" => assert_eq!(body, &serde_json::json!({})),
        "withdrawal" => {
            let reason = body["reason"].as_str().unwrap();
            out.extend(u64_le(reason.len() as u64));
            out.extend(reason.as_bytes());
            match body.get("replaced_by") {
                None => out.extend(u64_le(0)),
                Some(id) => {
                    let id = id.as_str().unwrap();
                    out.extend(u64_le(1));
                    out.extend(u64_le(id.len() as u64));
                    out.extend(id.as_bytes());
                }
            }
        }
        "attendance" => {
            let group = body["group"].as_str().unwrap();
            out.extend(u64_le(group.len() as u64));
            out.extend(group.as_bytes());
            out.extend(u64_le(body["present"].as_u64().unwrap()));
        }
        "tally" => {
            let groups = body["groups"].as_array().unwrap();
            out.extend(u64_le(groups.len() as u64));
            for g in groups {
                let group = g["group"].as_str().unwrap();
                out.extend(u64_le(group.len() as u64));
                out.extend(group.as_bytes());
                let t = &g["tally"];
                out.extend(u64_le(t["ballots"].as_u64().unwrap()));
                out.extend(u64_le(t["total_weight"].as_u64().unwrap()));
                let contests = t["contests"].as_array().unwrap();
                out.extend(u64_le(contests.len() as u64));
                for c in contests {
                    out.extend(u64_le(c["contest"].as_u64().unwrap()));
                    let options = c["options"].as_array().unwrap();
                    out.extend(u64_le(options.len() as u64));
                    for o in options {
                        out.extend(bytes(&o["a"]));
                        out.extend(bytes(&o["b"]));
                    }
                }
            }
        }
        "partial_decryption" => {
            out.extend(u64_le(body["trustee"].as_u64().unwrap()));
            let groups = body["groups"].as_array().unwrap();
            out.extend(u64_le(groups.len() as u64));
            for p in groups {
                spec_partial(p, &mut out);
            }
        }
        _ => return None,
    }
    Some(out)
}

/// `spec/board.md` §2.4 and §3 for one entry, from its JSON, its kind's number and its
/// body's encoding: the leaf data and leaf hash, and for a signed entry the statement
/// `statement_hash ‖ str(kind) ‖ enc(body)`, its hash `m` and the signature over it by
/// the vector's signer. Returns the leaf hash.
fn check_leaf(e: &EntryVector, kind: &str, number: u64, statement_hash: &[u8]) -> [u8; 32] {
    assert_eq!(e.number, number, "{kind}");
    let received = at(e.entry["received_at"].as_str().unwrap()).unix_timestamp();
    let body = hex::decode(&e.body_encoding).unwrap();
    let mut leaf = Vec::new();
    leaf.extend(u64_le(received as u64));
    leaf.extend(u64_le(number));
    leaf.extend(&body);
    let json_body = &e.entry["body"];
    if let Some(s) = &e.signed {
        leaf.extend(bytes(&json_body["signature"]["commitment"]));
        leaf.extend(bytes(&json_body["signature"]["response"]));
        let mut statement = statement_hash.to_vec();
        statement.extend(u64_le(kind.len() as u64));
        statement.extend(kind.as_bytes());
        statement.extend(&body);
        assert_eq!(hex::encode(&statement), s.statement, "{kind}");
        assert_eq!(hex::encode(spec_message(&statement)), s.message, "{kind}");
        // The signature signs m under `board-message`, by the signer of §3.
        let key = VerifyingKey::deserialize(&serde_json::Value::from(s.signer.clone())).unwrap();
        let signature = Signature::deserialize(&json_body["signature"]).unwrap();
        let message: [u8; 32] = hex::decode(&s.message).unwrap().try_into().unwrap();
        key.verify(b"board-message", &message, &signature).unwrap();
        let mut other = message;
        other[0] ^= 1;
        assert!(key.verify(b"board-message", &other, &signature).is_err());
    }
    assert_eq!(hex::encode(&leaf), e.leaf_data, "{kind}");
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(&leaf);
    let leaf_hash: [u8; 32] = h.finalize().into();
    assert_eq!(hex::encode(leaf_hash), e.leaf_hash, "{kind}");
    leaf_hash
}

#[test]
fn board_vector_is_reproduced_and_follows_the_spec() {
    let text = reproduce(&generate());
    let v: BoardVector = serde_json::from_str(&text).unwrap();
    let election = hex::decode(&v.election_hash).unwrap();
    let (mut kinds, mut recomputed_bodies) = check_log(&election, &v.entries, &v.root);
    let (withdrawn, recomputed) = check_log(&election, &v.withdrawn.entries, &v.withdrawn.root);
    assert_eq!(withdrawn, ["definition", "withdrawal"]);
    kinds.extend(withdrawn);
    recomputed_bodies += recomputed;
    // Every kind is there, and the bodies of ten kinds (fourteen entries: five of them
    // acknowledgements) were encoded from the spec alone.
    for (_, kind) in KINDS {
        assert!(kinds.iter().any(|k| k == kind), "no `{kind}` entry");
    }
    assert_eq!(recomputed_bodies, 14);
}

/// Checks one log's entries and root from `spec/board.md` and `spec/log.md`; returns the
/// kinds in order and how many bodies were encoded from the spec alone.
fn check_log(election: &[u8], entries: &[EntryVector], root: &str) -> (Vec<String>, usize) {
    let mut kinds = Vec::new();
    let mut leaves = Vec::new();
    let mut recomputed_bodies = 0;
    for (index, e) in entries.iter().enumerate() {
        // The code reads the committed entry back to the same leaf.
        let log_entry = LogEntry::deserialize(&e.entry).unwrap();
        assert_eq!(log_entry.index, index as u64);
        assert_eq!(hex::encode(log_entry.leaf_data()), e.leaf_data);
        assert_eq!(
            hex::encode(body_encoding(&log_entry.entry)),
            e.body_encoding
        );

        let kind = e.entry["kind"].as_str().unwrap();
        kinds.push(kind.to_owned());
        let number = KINDS.iter().find(|(_, k)| *k == kind).unwrap().0;
        assert_eq!(
            e.signed.is_none(),
            matches!(kind, "ballot" | "audited_ballot"),
            "{kind}"
        );
        if let Some(spec) = spec_body(kind, &e.entry["body"]["body"]) {
            assert_eq!(hex::encode(spec), e.body_encoding, "{kind}");
            recomputed_bodies += 1;
        }
        let leaf_hash = check_leaf(e, kind, number, election);
        leaves.push(leaf_hash);
    }
    assert_eq!(hex::encode(spec_root(&leaves)), root);
    (kinds, recomputed_bodies)
}

// ---------------------------------------------------------------------------------------
// The procedure
// ---------------------------------------------------------------------------------------

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcedureVector {
    description: String,
    seed: String,
    /// `E(plan)` (`spec/procedure.md` §1.3) of the plan in entry 0.
    plan_encoding: String,
    /// `tagged_hash("zhixuan-v1/procedure-plan", E(plan))`.
    plan_hash: String,
    entries: Vec<EntryVector>,
    lot: LotVector,
    root: String,
}

/// The lot of `spec/procedure.md` §5: its seed, each revealer's draw, and the order.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LotVector {
    stage: String,
    seed: String,
    draws: Vec<(String, String)>,
    order: Vec<String>,
}

/// The test kit's plan with a stage of every kind (`test_plan`), the vote moved last (so
/// that its election need not be decided) and a recall petition of 1/5 of 50 after the
/// street committee's pick: notice of a meeting on day 10, registration days 1–4, review by
/// the branch with 2 days of publicity, the lot, the pick of 1 secretary, the petition,
/// pledges, approval by the district, and the vote on the committee in the board vector's
/// election.
fn procedure_plan(start: OffsetDateTime) -> ProcedurePlan {
    use zhixuan_election::{Fraction, StageRule};
    use zhixuan_testkit::procedure::{stage, test_plan};
    let mut doc = test_plan(start, 0);
    doc.procedure_id = "vectors-procedure".into();
    doc.title = zhixuan_election::Bilingual::new("向量用选举程序", "vector procedure");
    let vote = doc.stages.iter().position(|s| s.id == "vote").unwrap();
    let vote = doc.stages.remove(vote);
    let pick = doc
        .stages
        .iter()
        .position(|s| s.id == "street-vote")
        .unwrap();
    doc.stages.insert(
        pick + 1,
        stage(
            "petition",
            0,
            StageRule::Petition {
                official: "an-li".into(),
                members: 50,
                share: "1/5".parse::<Fraction>().unwrap(),
            },
        ),
    );
    doc.stages.push(vote);
    ProcedurePlan::from_document(doc).unwrap()
}

/// Every entry of the procedure, in log order with its stamp and signer, each admitted by
/// the rules (`ProcedureState`).
fn procedure() -> (ProcedurePlan, Vec<(LogEntry<ProcedureEntry>, SigningKey)>) {
    use zhixuan_election::{Candidate, Channel};
    use zhixuan_testkit::procedure::{body_key, lot_secret, registrant_key, words, PEOPLE};
    let mut rng = ChaCha20Rng::from_seed(seed(PROCEDURE));
    let start = at("2026-04-01T09:00:00Z");
    let day = |d: i64| start + time::Duration::days(d);
    let plan = procedure_plan(start);
    let hash = plan.hash();
    let organiser = demo_key("organiser");
    let signed = Signed::sign(&organiser, &hash, plan.clone(), &mut rng);
    let mut state = ProcedureState::new(&signed, start).unwrap();
    let mut log = vec![(
        LogEntry {
            index: 0,
            received_at: start,
            entry: ProcedureEntry::Plan(signed),
        },
        organiser.clone(),
    )];
    let (election, _) = election();
    let linked = LinkedElection {
        definition: election.clone(),
        outcome: None,
    };
    let mut push = |state: &mut ProcedureState, entry: ProcedureEntry, key: &SigningKey, d| {
        let linked = state.election_needed(&entry).map(|_| &linked);
        state.apply(&entry, day(d), linked).unwrap();
        let index = log.len() as u64;
        log.push((
            LogEntry {
                index,
                received_at: day(d),
                entry,
            },
            key.clone(),
        ));
    };
    macro_rules! by {
        ($key:expr, $kind:ident, $body:expr) => {{
            let key: SigningKey = $key;
            (
                ProcedureEntry::$kind(Signed::sign(&key, &hash, $body, &mut rng)),
                key,
            )
        }};
    }
    macro_rules! close {
        ($d:expr) => {{
            let close = state.expected_close(day($d), None).unwrap();
            let (e, k) = by!(organiser.clone(), StageClose, close);
            push(&mut state, e, &k, $d);
        }};
    }
    let (e, k) = by!(
        organiser.clone(),
        Announcement,
        Announcement {
            stage: "announce".into(),
            text: zhixuan_election::Bilingual::new(
                "第10天在会堂开会",
                "the meeting on day 10, in the hall"
            ),
        }
    );
    push(&mut state, e, &k, 0);
    close!(0);
    let channels = [
        Channel::Organisation,
        Channel::SelfNomination,
        Channel::Joint,
    ];
    for (i, id) in PEOPLE.iter().enumerate() {
        let channel = channels[i % 3];
        let posts: &[&str] = if i == 0 {
            &["secretary", "committee"]
        } else {
            &["committee"]
        };
        let key = registrant_key(id);
        let (e, k) = by!(
            key.clone(),
            Registration,
            Registration {
                stage: "register".into(),
                registrant: Candidate {
                    id: (*id).into(),
                    name: words(id),
                },
                key: key.verifying_key().clone(),
                channel,
                posts: posts.iter().map(|p| (*p).to_owned()).collect(),
                signers: if channel == Channel::Joint {
                    (1..=3).map(|n| format!("联名人 {n}")).collect()
                } else {
                    Vec::new()
                },
                lot_commitment: (i < 4).then(|| lot_commitment(&lot_secret(id))),
            }
        );
        push(&mut state, e, &k, 1);
    }
    close!(4);
    for id in PEOPLE {
        let (e, k) = by!(
            body_key("branch"),
            ReviewDecision,
            ReviewDecision {
                stage: "review".into(),
                registrant: id.into(),
                qualified: true,
                reason: zhixuan_election::Bilingual::new("符合条件", "meets the conditions"),
            }
        );
        push(&mut state, e, &k, 4);
    }
    close!(4);
    let objector = demo_key("a-resident");
    let (e, k) = by!(
        objector.clone(),
        Objection,
        Objection {
            stage: "review".into(),
            key: objector.verifying_key().clone(),
            text: zhixuan_election::Bilingual::new(
                "请核实党龄",
                "please check the membership years"
            ),
        }
    );
    let objection = state.size();
    push(&mut state, e, &k, 5);
    let (e, k) = by!(
        body_key("branch"),
        ObjectionAnswer,
        ObjectionAnswer {
            stage: "review".into(),
            objection,
            upheld: false,
            text: zhixuan_election::Bilingual::new("已核实", "checked"),
        }
    );
    push(&mut state, e, &k, 5);
    // Four reveal; fang-hua committed to nothing and speaks last.
    for id in &PEOPLE[..4] {
        let (e, k) = by!(
            registrant_key(id),
            LotReveal,
            LotReveal {
                stage: "lot".into(),
                registrant: (*id).into(),
                secret: lot_secret(id),
            }
        );
        push(&mut state, e, &k, 6);
    }
    close!(6);
    let (e, k) = by!(
        body_key("street"),
        Decision,
        Decision {
            stage: "street-vote".into(),
            chosen: vec!["an-li".into()],
            reasons: zhixuan_election::Bilingual::new("考察结果", "the inspection"),
        }
    );
    push(&mut state, e, &k, 7);
    close!(7);
    let (e, k) = by!(
        organiser.clone(),
        Petition,
        Petition {
            stage: "petition".into(),
            signers: (1..=10).map(|n| format!("党员 {n}")).collect(),
        }
    );
    push(&mut state, e, &k, 7);
    close!(7);
    let (e, k) = by!(
        organiser.clone(),
        Statement,
        Statement {
            stage: "pledges".into(),
            person: "an-li".into(),
            text: zhixuan_election::Bilingual::new(
                "每月接待群众一次",
                "to meet residents once a month"
            ),
        }
    );
    push(&mut state, e, &k, 8);
    close!(8);
    let (e, k) = by!(
        body_key("district"),
        Endorsement,
        Endorsement {
            stage: "approve".into(),
            lists: state.lists().to_vec(),
        }
    );
    push(&mut state, e, &k, 8);
    close!(8);
    let (e, k) = by!(
        organiser.clone(),
        StageElection,
        StageElection {
            stage: "vote".into(),
            election_id: election.election_id().into(),
            definition_hash: election.hash(),
        }
    );
    push(&mut state, e, &k, 9);
    (plan, log)
}

fn procedure_body_encoding(entry: &ProcedureEntry) -> Vec<u8> {
    match entry {
        ProcedureEntry::Plan(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::Announcement(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::Registration(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::ReviewDecision(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::Objection(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::ObjectionAnswer(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::LotReveal(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::StageElection(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::Decision(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::Petition(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::Endorsement(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::Statement(s) => s.body.to_canonical_bytes(),
        ProcedureEntry::StageClose(s) => s.body.to_canonical_bytes(),
    }
}

fn generate_procedure() -> ProcedureVector {
    let (plan, log) = procedure();
    let hash = plan.hash();
    let mut tree = MerkleTree::new();
    let mut reveals = Vec::new();
    let mut lot_close = Vec::new();
    let entries = log
        .into_iter()
        .map(|(log_entry, key)| {
            tree.push(log_entry.leaf_hash());
            match &log_entry.entry {
                ProcedureEntry::LotReveal(s) => {
                    reveals.push((s.body.registrant.clone(), s.body.secret))
                }
                ProcedureEntry::StageClose(s) if s.body.stage == "lot" => {
                    lot_close = s.body.order.clone()
                }
                _ => {}
            }
            let body = procedure_body_encoding(&log_entry.entry);
            let kind = log_entry.entry.kind().as_str();
            entry_vector(&log_entry, kind, hash.as_bytes(), body, Some(key))
        })
        .collect();
    let people: Vec<String> = zhixuan_testkit::procedure::PEOPLE
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
    let refs: Vec<(&str, zhixuan_tally::ElectionHash)> =
        reveals.iter().map(|(id, s)| (id.as_str(), *s)).collect();
    let order = lot_order(&hash, "lot", &people, &refs);
    assert_eq!(order, lot_close);
    let lot_seed = spec_lot_seed(hash.as_bytes(), "lot", &reveals);
    ProcedureVector {
        description: "One procedure's log with an entry of every procedure kind (spec/procedure.md §3): the plan (every stage kind, the vote last), the announcement, five registrations by the three channels (one for two posts, four with a lot commitment), five review decisions, an objection to the reviewed list and its answer, four lot reveals, the street committee's decision, a recall petition, a pledge, the district's endorsement, the link to the election of board.json, and each stage's close with its lists. For each: the entry as logged, its kind's number, the encoding of its body, the signer's key, the statement plan_hash ‖ str(kind) ‖ enc(body) and its hash m (spec/board.md §3), the leaf data and leaf hash (spec/board.md §2.4); the plan's encoding and hash (spec/procedure.md §1.3); the lot's seed, each revealer's draw and the order (§5); and the log's RFC 6962 root".into(),
        seed: hex::encode(seed(PROCEDURE)),
        plan_encoding: hex::encode(plan.to_canonical_bytes()),
        plan_hash: hash.to_string(),
        entries,
        lot: LotVector {
            stage: "lot".into(),
            seed: hex::encode(lot_seed),
            draws: reveals
                .iter()
                .map(|(id, _)| (id.clone(), hex::encode(spec_lot_draw(&lot_seed, id))))
                .collect(),
            order,
        },
        root: tree.root().to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// spec/procedure.md, written from the document
// ---------------------------------------------------------------------------------------

/// `spec/procedure.md` §3: each procedure kind's number.
const PROCEDURE_KINDS: [(u64, &str); 13] = [
    (14, "plan"),
    (15, "announcement"),
    (16, "registration"),
    (17, "review_decision"),
    (18, "objection"),
    (19, "objection_answer"),
    (20, "lot_reveal"),
    (21, "stage_election"),
    (22, "decision"),
    (23, "petition"),
    (24, "endorsement"),
    (25, "statement"),
    (26, "stage_close"),
];

/// `tagged_hash(domain, x)` of `spec/protocol.md`: `SHA-256(str(domain) ‖ x)`.
fn spec_tagged(domain: &str, x: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(u64_le(domain.len() as u64));
    h.update(domain.as_bytes());
    h.update(x);
    h.finalize().into()
}

/// The primitives of `spec/definition.md` §4, over JSON values.
struct Spec(Vec<u8>);

impl Spec {
    fn u64(&mut self, n: u64) -> &mut Self {
        self.0.extend(u64_le(n));
        self
    }
    fn str(&mut self, v: &serde_json::Value) -> &mut Self {
        let s = v.as_str().unwrap();
        self.u64(s.len() as u64);
        self.0.extend(s.as_bytes());
        self
    }
    fn raw(&mut self, v: &serde_json::Value) -> &mut Self {
        self.0.extend(bytes(v));
        self
    }
    fn bool(&mut self, v: &serde_json::Value) -> &mut Self {
        self.u64(u64::from(v.as_bool().unwrap()))
    }
    fn num(&mut self, v: &serde_json::Value) -> &mut Self {
        self.u64(v.as_u64().unwrap())
    }
    fn bilingual(&mut self, v: &serde_json::Value) -> &mut Self {
        self.str(&v["zh"]).str(&v["en"])
    }
    fn time(&mut self, v: &serde_json::Value) -> &mut Self {
        self.u64(at(v.as_str().unwrap()).unix_timestamp() as u64)
    }
    fn seq(
        &mut self,
        v: &serde_json::Value,
        each: impl Fn(&mut Self, &serde_json::Value),
    ) -> &mut Self {
        let items = v.as_array().unwrap();
        self.u64(items.len() as u64);
        for item in items {
            each(self, item);
        }
        self
    }
    fn strs(&mut self, v: &serde_json::Value) -> &mut Self {
        self.seq(v, |s, x| {
            s.str(x);
        })
    }
    fn lists(&mut self, v: &serde_json::Value) -> &mut Self {
        self.seq(v, |s, l| {
            s.str(&l["post"]).strs(&l["people"]);
        })
    }
    fn channel(&mut self, v: &serde_json::Value) -> &mut Self {
        let n = ["organisation", "self", "joint"]
            .iter()
            .position(|c| *c == v.as_str().unwrap())
            .unwrap();
        self.u64(n as u64)
    }
}

/// `E(plan)` of `spec/procedure.md` §1.3.
fn spec_plan(plan: &serde_json::Value) -> Vec<u8> {
    let mut e = Spec(Vec::new());
    e.num(&plan["version"])
        .str(&plan["procedure_id"])
        .bilingual(&plan["title"])
        .raw(&plan["organiser"])
        .seq(&plan["bodies"], |e, b| {
            e.str(&b["id"]).bilingual(&b["name"]).raw(&b["key"]);
        })
        .seq(&plan["posts"], |e, p| {
            e.str(&p["id"]).bilingual(&p["name"]).num(&p["seats"]);
        })
        .seq(&plan["stages"], |e, s| {
            e.str(&s["id"])
                .bilingual(&s["name"])
                .num(&s["publicity_days"]);
            let r = &s["rule"];
            match r["kind"].as_str().unwrap() {
                "announcement" => e.u64(0).time(&r["meeting"]).num(&r["notice_days"]),
                "registration" => e
                    .u64(1)
                    .time(&r["opens"])
                    .time(&r["closes"])
                    .seq(&r["channels"], |e, c| {
                        e.channel(c);
                    })
                    .num(&r["joint_signers_at_least"])
                    .num(&r["posts_per_registrant_at_most"]),
                "review" => e.u64(2).str(&r["body"]),
                "lot" => e.u64(3),
                "vote" => e.u64(4).str(&r["post"]).str(&r["contest"]),
                "decision" => e.u64(5).str(&r["body"]).str(&r["post"]).num(&r["pick"]),
                "petition" => {
                    let (num, den) = r["share"].as_str().unwrap().split_once('/').unwrap();
                    e.u64(6)
                        .str(&r["official"])
                        .num(&r["members"])
                        .u64(num.parse().unwrap())
                        .u64(den.parse().unwrap())
                }
                "filing" => e.u64(7).str(&r["body"]),
                "approval" => e.u64(8).str(&r["body"]),
                "publication" => {
                    let n = match r["statements"].as_str().unwrap() {
                        "questions" => 0,
                        "pledges" => 1,
                        other => panic!("statements `{other}`"),
                    };
                    e.u64(9).u64(n)
                }
                other => panic!("stage kind `{other}`"),
            };
        });
    e.0
}

/// The body encodings of `spec/procedure.md` §3, from the JSON alone.
fn spec_procedure_body(kind: &str, b: &serde_json::Value) -> Vec<u8> {
    let mut e = Spec(Vec::new());
    match kind {
        "plan" => return spec_plan(b),
        "announcement" => e.str(&b["stage"]).bilingual(&b["text"]),
        "registration" => {
            e.str(&b["stage"])
                .str(&b["registrant"]["id"])
                .bilingual(&b["registrant"]["name"])
                .raw(&b["key"])
                .channel(&b["channel"])
                .strs(&b["posts"])
                .strs(&b["signers"]);
            match b.get("lot_commitment") {
                Some(c) => e.u64(1).raw(c),
                None => e.u64(0),
            }
        }
        "review_decision" => e
            .str(&b["stage"])
            .str(&b["registrant"])
            .bool(&b["qualified"])
            .bilingual(&b["reason"]),
        "objection" => e.str(&b["stage"]).raw(&b["key"]).bilingual(&b["text"]),
        "objection_answer" => e
            .str(&b["stage"])
            .num(&b["objection"])
            .bool(&b["upheld"])
            .bilingual(&b["text"]),
        "lot_reveal" => e.str(&b["stage"]).str(&b["registrant"]).raw(&b["secret"]),
        "stage_election" => e
            .str(&b["stage"])
            .str(&b["election_id"])
            .raw(&b["definition_hash"]),
        "decision" => e
            .str(&b["stage"])
            .strs(&b["chosen"])
            .bilingual(&b["reasons"]),
        "petition" => e.str(&b["stage"]).strs(&b["signers"]),
        "endorsement" => e.str(&b["stage"]).lists(&b["lists"]),
        "statement" => e.str(&b["stage"]).str(&b["person"]).bilingual(&b["text"]),
        "stage_close" => e.str(&b["stage"]).lists(&b["lists"]).strs(&b["order"]),
        other => panic!("procedure kind `{other}`"),
    };
    e.0
}

/// §5: `seed = tagged_hash("zhixuan-v1/lot", plan_hash ‖ str(stage) ‖ u64(n) ‖ (str(id) ‖
/// s)…)`, the reveals sorted by id.
fn spec_lot_seed(
    plan_hash: &[u8],
    stage: &str,
    reveals: &[(String, zhixuan_tally::ElectionHash)],
) -> [u8; 32] {
    let mut sorted: Vec<&(String, zhixuan_tally::ElectionHash)> = reveals.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut x = plan_hash.to_vec();
    x.extend(u64_le(stage.len() as u64));
    x.extend(stage.as_bytes());
    x.extend(u64_le(sorted.len() as u64));
    for (id, secret) in sorted {
        x.extend(u64_le(id.len() as u64));
        x.extend(id.as_bytes());
        x.extend(secret.as_bytes());
    }
    spec_tagged("zhixuan-v1/lot", &x)
}

/// §5: `draw(p) = tagged_hash("zhixuan-v1/lot-draw", seed ‖ str(p))`.
fn spec_lot_draw(seed: &[u8; 32], person: &str) -> [u8; 32] {
    let mut x = seed.to_vec();
    x.extend(u64_le(person.len() as u64));
    x.extend(person.as_bytes());
    spec_tagged("zhixuan-v1/lot-draw", &x)
}

#[test]
fn procedure_vector_is_reproduced_and_follows_the_spec() {
    let text = zhixuan_testkit::reproduce(
        &format!("{PROCEDURE}.json"),
        &generate_procedure(),
        "cargo test -p zhixuan-board --test vectors_board",
    );
    let v: ProcedureVector = serde_json::from_str(&text).unwrap();
    // §1.3: the plan's encoding from its JSON, and its hash; the code agrees.
    let plan_json = &v.entries[0].entry["body"]["body"];
    assert_eq!(hex::encode(spec_plan(plan_json)), v.plan_encoding);
    let plan_hash = spec_tagged(
        "zhixuan-v1/procedure-plan",
        &hex::decode(&v.plan_encoding).unwrap(),
    );
    assert_eq!(hex::encode(plan_hash), v.plan_hash);
    let plan = ProcedurePlan::from_json(&plan_json.to_string()).unwrap();
    assert_eq!(plan.hash().to_string(), v.plan_hash);

    let mut kinds = Vec::new();
    let mut leaves = Vec::new();
    let mut commitments = std::collections::BTreeMap::new();
    let mut reveals = Vec::new();
    let mut lot_close = None;
    for (index, e) in v.entries.iter().enumerate() {
        let log_entry = LogEntry::<ProcedureEntry>::deserialize(&e.entry).unwrap();
        assert_eq!(log_entry.index, index as u64);
        assert_eq!(hex::encode(log_entry.leaf_data()), e.leaf_data);
        assert_eq!(
            hex::encode(procedure_body_encoding(&log_entry.entry)),
            e.body_encoding
        );
        let kind = e.entry["kind"].as_str().unwrap();
        kinds.push(kind.to_owned());
        let number = PROCEDURE_KINDS.iter().find(|(_, k)| *k == kind).unwrap().0;
        let body = &e.entry["body"]["body"];
        assert_eq!(
            hex::encode(spec_procedure_body(kind, body)),
            e.body_encoding,
            "{kind}"
        );
        leaves.push(check_leaf(e, kind, number, &plan_hash));
        match kind {
            "registration" => {
                if let Some(c) = body.get("lot_commitment") {
                    commitments.insert(
                        body["registrant"]["id"].as_str().unwrap().to_owned(),
                        bytes(c),
                    );
                }
            }
            "lot_reveal" => {
                let id = body["registrant"].as_str().unwrap().to_owned();
                let secret: [u8; 32] = bytes(&body["secret"]).try_into().unwrap();
                // §5: the reveal opens the registration's commitment.
                assert_eq!(
                    commitments[&id],
                    spec_tagged("zhixuan-v1/lot-commitment", &secret)
                );
                reveals.push((id, zhixuan_tally::ElectionHash(secret)));
            }
            "stage_close" if body["stage"] == "lot" => lot_close = Some(body["order"].clone()),
            _ => {}
        }
    }
    assert_eq!(hex::encode(spec_root(&leaves)), v.root);
    for (_, kind) in PROCEDURE_KINDS {
        assert!(kinds.iter().any(|k| k == kind), "no `{kind}` entry");
    }
    // §5: the seed from the reveals, each draw from the seed, the order by draw, then
    // those who did not reveal by id; the lot stage's close published that order.
    let seed = spec_lot_seed(&plan_hash, &v.lot.stage, &reveals);
    assert_eq!(hex::encode(seed), v.lot.seed);
    let mut drawn: Vec<([u8; 32], String)> = reveals
        .iter()
        .map(|(id, _)| (spec_lot_draw(&seed, id), id.clone()))
        .collect();
    for (id, draw) in &v.lot.draws {
        assert!(drawn
            .iter()
            .any(|(d, p)| p == id && hex::encode(d) == *draw));
    }
    drawn.sort();
    let mut order: Vec<String> = drawn.into_iter().map(|(_, id)| id).collect();
    let mut silent: Vec<String> = zhixuan_testkit::procedure::PEOPLE
        .iter()
        .map(|p| (*p).to_owned())
        .filter(|p| !order.contains(p))
        .collect();
    silent.sort();
    order.extend(silent);
    assert_eq!(order, v.lot.order);
    assert_eq!(lot_close, Some(serde_json::json!(order)));
}
