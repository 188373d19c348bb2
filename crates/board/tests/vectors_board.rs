//! Known-answer vectors for the board's log (`spec/vectors/board.json`): one small election
//! with an entry of every kind, and for each entry its leaf data and leaf hash
//! (`spec/board.md` §2.4), and for each signed message the bytes its signature covers
//! (`spec/board.md` §3); then the log's root.
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
use zhixuan_election::{decide, CredentialList, ElectionDefinition};
use zhixuan_record::{
    Attendance, CloseVoting, Entry, LogEntry, MerkleTree, OpenVoting, Signed, TrusteeDecryption,
    Withdrawal,
};
use zhixuan_tally::{
    conclude, Acknowledgement, CeremonyParams, CredentialSecret, Dealing, ElectionContext, Encode,
    Encryptor, Signature, SigningKey, Trustee, TrusteeIndex, VerifyingKey,
};
use zhixuan_testkit::{demo_key, small_choices, small_election, Election};

const NAME: &str = "board";

fn seed() -> [u8; 32] {
    let text = format!("zhixuan-v1/vectors/{NAME}");
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
    let mut rng = ChaCha20Rng::from_seed(seed());
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
    let mut rng = ChaCha20Rng::from_seed(seed());
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

fn generate() -> BoardVector {
    let (definition, entries) = election();
    let withdrawn = log_vector(&definition, withdrawn(&definition));
    let (entries, root) = log_vector(&definition, entries);
    BoardVector {
        description: "One election's log with an entry of every kind but one (spec/board.md §2.2): a definition, a credential list, three dealings (trustee 3's share to trustee 1 off), trustee 1's complaint, the five acknowledgements that answer every other dealing, open_voting, two ballots and an audited ballot, the attendance of the voters' group, close_voting, the tally, two partial decryptions and the result; and, under `withdrawn`, a second log of the same election holding the kind a vote never stands beside: its definition and the organiser's withdrawal. For each entry: the entry as logged, its kind's number, the encoding of its body, for a signed message the signer's key, the statement E_h ‖ str(kind) ‖ enc(body) and its hash m = tagged_hash(\"zhixuan-v1/board-message\", statement) (spec/board.md §3), the leaf data u64(received_at) ‖ u64(number) ‖ enc(body) [‖ R ‖ s] and the leaf hash (spec/board.md §2.4); and each log's RFC 6962 root".into(),
        seed: hex::encode(seed()),
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
            let leaf_data = log_entry.leaf_data();
            tree.push(log_entry.leaf_hash());
            let body = body_encoding(&log_entry.entry);
            let kind = log_entry.entry.kind().as_str();
            let signed = signer.map(|key| {
                let mut statement = hash.as_bytes().to_vec();
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
                entry: serde_json::to_value(&log_entry).unwrap(),
                number: u64::from_le_bytes(leaf_data[8..16].try_into().unwrap()),
                body_encoding: hex::encode(&body),
                signed,
                leaf_data: hex::encode(&leaf_data),
                leaf_hash: log_entry.leaf_hash().to_string(),
            }
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

        // spec/board.md §2.4, from the JSON, the kind table and the body's encoding.
        let kind = e.entry["kind"].as_str().unwrap();
        kinds.push(kind.to_owned());
        let number = KINDS.iter().find(|(_, k)| *k == kind).unwrap().0;
        assert_eq!(e.number, number);
        let received = at(e.entry["received_at"].as_str().unwrap()).unix_timestamp();
        let body = hex::decode(&e.body_encoding).unwrap();
        let mut leaf = Vec::new();
        leaf.extend(u64_le(received as u64));
        leaf.extend(u64_le(number));
        leaf.extend(&body);
        let json_body = &e.entry["body"];
        match &e.signed {
            Some(s) => {
                leaf.extend(bytes(&json_body["signature"]["commitment"]));
                leaf.extend(bytes(&json_body["signature"]["response"]));
                // spec/board.md §3: the statement and its hash.
                let mut statement = election.to_vec();
                statement.extend(u64_le(kind.len() as u64));
                statement.extend(kind.as_bytes());
                statement.extend(&body);
                assert_eq!(hex::encode(&statement), s.statement, "{kind}");
                assert_eq!(hex::encode(spec_message(&statement)), s.message, "{kind}");
                // The signature signs m under `board-message`, by the signer of §3.
                let key =
                    VerifyingKey::deserialize(&serde_json::Value::from(s.signer.clone())).unwrap();
                let signature = Signature::deserialize(&json_body["signature"]).unwrap();
                let message: [u8; 32] = hex::decode(&s.message).unwrap().try_into().unwrap();
                key.verify(b"board-message", &message, &signature).unwrap();
                let mut other = message;
                other[0] ^= 1;
                assert!(key.verify(b"board-message", &other, &signature).is_err());
                if let Some(spec) = spec_body(kind, &json_body["body"]) {
                    assert_eq!(hex::encode(spec), e.body_encoding, "{kind}");
                    recomputed_bodies += 1;
                }
            }
            None => assert!(matches!(kind, "ballot" | "audited_ballot")),
        }
        assert_eq!(hex::encode(&leaf), e.leaf_data, "{kind}");
        let mut h = Sha256::new();
        h.update([0u8]);
        h.update(&leaf);
        let leaf_hash: [u8; 32] = h.finalize().into();
        assert_eq!(hex::encode(leaf_hash), e.leaf_hash, "{kind}");
        leaves.push(leaf_hash);
    }
    assert_eq!(hex::encode(spec_root(&leaves)), root);
    (kinds, recomputed_bodies)
}
