//! Signed checkpoints: the pinned text form, round trips, signatures by the wrong key,
//! every kind of malformed text, and the consistency check between two checkpoints.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use proptest::prelude::*;
use zhixuan_record::{
    check_consistency, hash_leaf, Checkpoint, CheckpointError, CheckpointSigner,
    CheckpointVerifier, Consistency, Hash, KeyName, MerkleTree, Origin, ProofError,
    SignedCheckpoint, SigningKey,
};

/// The checkpoint of the RFC 6962 example tree (8 entries) for election `demo-2026`,
/// signed by the Ed25519 key whose 32-byte seed is all 0x07, named
/// `zhixuan.board/demo-2026`. This text and [`DEMO_VERIFIER_KEY`] were produced
/// independently of this crate (Python's `cryptography` and `hashlib`, following C2SP
/// tlog-checkpoint and signed-note), so they pin the format, not just its round trip.
const DEMO_CHECKPOINT: &str = "zhixuan.board/demo-2026\n\
8\n\
XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\
\n\
\u{2014} zhixuan.board/demo-2026 hO0Py8BfQa0/W8r0Hk9Dob+7jSQakg1QLMj7ao077UjXazzl/o/651JdO/dvNWn7mChKW+ZJmT6CHRb/ZE2BeqrGggE=\n";

const DEMO_VERIFIER_KEY: &str =
    "zhixuan.board/demo-2026+84ed0fcb+AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs";

fn demo_signer() -> CheckpointSigner {
    CheckpointSigner::new(
        "zhixuan.board/demo-2026".parse().unwrap(),
        SigningKey::from_bytes(&[7; 32]),
    )
}

fn demo_tree() -> MerkleTree {
    let entries: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];
    let mut tree = MerkleTree::new();
    for entry in entries {
        tree.push(hash_leaf(entry));
    }
    tree
}

fn demo_origin() -> Origin {
    Origin::for_election("demo-2026").unwrap()
}

fn checkpoint_at(tree: &MerkleTree, size: u64) -> Checkpoint {
    Checkpoint::new(demo_origin(), size, tree.root_at(size).unwrap()).unwrap()
}

fn signer_named(name: &str) -> CheckpointSigner {
    CheckpointSigner::generate(name.parse().unwrap(), &mut rand::rng())
}

#[test]
fn the_text_form_is_pinned() {
    let tree = demo_tree();
    let signed = demo_signer().sign(checkpoint_at(&tree, 8));
    assert_eq!(signed.to_string(), DEMO_CHECKPOINT);
    assert_eq!(demo_signer().verifier().to_string(), DEMO_VERIFIER_KEY);

    let verifier: CheckpointVerifier = DEMO_VERIFIER_KEY.parse().unwrap();
    assert_eq!(verifier, demo_signer().verifier());
    let parsed: SignedCheckpoint = DEMO_CHECKPOINT.parse().unwrap();
    let checkpoint = parsed.verify(&verifier).unwrap();
    assert_eq!(checkpoint.origin().election_id(), "demo-2026");
    assert_eq!(checkpoint.size(), 8);
    assert_eq!(
        checkpoint.root().to_string(),
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    );
    assert_eq!(
        checkpoint.to_string(),
        "zhixuan.board/demo-2026\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
    );
}

#[test]
fn the_empty_log_has_a_checkpoint_too() {
    let signer = demo_signer();
    let empty = Checkpoint::new(demo_origin(), 0, MerkleTree::new().root()).unwrap();
    let text = signer.sign(empty.clone()).to_string();
    assert!(text.starts_with(
        "zhixuan.board/demo-2026\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n"
    ));
    let parsed: SignedCheckpoint = text.parse().unwrap();
    assert_eq!(parsed.verify(&signer.verifier()).unwrap(), &empty);
    assert_eq!(
        Checkpoint::new(demo_origin(), 0, hash_leaf(b"")),
        Err(CheckpointError::NotEmptyTreeRoot {
            root: hash_leaf(b"")
        })
    );
}

#[test]
fn a_signature_by_another_key_is_rejected() {
    let text = DEMO_CHECKPOINT;
    let parsed: SignedCheckpoint = text.parse().unwrap();
    // Same name, different key: the key id differs, so no line is by this key.
    let impostor = signer_named("zhixuan.board/demo-2026");
    assert!(matches!(
        parsed.verify(&impostor.verifier()),
        Err(CheckpointError::NotSignedByKey { .. })
    ));
    // Different name altogether.
    let stranger = signer_named("someone.else/log");
    assert!(matches!(
        parsed.verify(&stranger.verifier()),
        Err(CheckpointError::NotSignedByKey { .. })
    ));
    // The impostor's signature under the real key's name and key id.
    let real_id = demo_signer().verifier().key_id();
    let impostors_text = impostor.sign(checkpoint_at(&demo_tree(), 8)).to_string();
    let impostors_line = impostors_text.lines().last().unwrap();
    let impostors_bytes = BASE64
        .decode(impostors_line.rsplit(' ').next().unwrap())
        .unwrap();
    let mut forged_bytes = real_id.to_vec();
    forged_bytes.extend_from_slice(&impostors_bytes[4..]);
    let forged = format!(
        "{}\n\u{2014} zhixuan.board/demo-2026 {}\n",
        checkpoint_at(&demo_tree(), 8),
        BASE64.encode(forged_bytes)
    );
    let forged: SignedCheckpoint = forged.parse().unwrap();
    assert!(matches!(
        forged.verify(&demo_signer().verifier()),
        Err(CheckpointError::BadSignature { .. })
    ));
}

#[test]
fn a_changed_body_breaks_the_signature() {
    let verifier = demo_signer().verifier();
    let tree = demo_tree();
    let other_root = BASE64.encode(tree.root_at(7).unwrap().as_bytes());
    for changed in [
        DEMO_CHECKPOINT.replacen("\n8\n", "\n9\n", 1),
        DEMO_CHECKPOINT.replacen("demo-2026\n", "demo-2027\n", 1),
        DEMO_CHECKPOINT.replacen(
            "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
            &other_root,
            1,
        ),
    ] {
        let parsed: SignedCheckpoint = changed.parse().unwrap();
        assert!(
            matches!(
                parsed.verify(&verifier),
                Err(CheckpointError::BadSignature { .. })
            ),
            "{changed:?}"
        );
    }
}

#[test]
fn cosignatures_by_other_keys_are_kept_and_ignored() {
    let board = demo_signer();
    let witness = signer_named("witness.example/w1");
    let checkpoint = checkpoint_at(&demo_tree(), 8);
    let witness_text = witness.sign(checkpoint.clone()).to_string();
    let witness_line = witness_text.lines().last().unwrap();
    let text = format!("{}{witness_line}\n", board.sign(checkpoint.clone()));

    let parsed: SignedCheckpoint = text.parse().unwrap();
    assert_eq!(parsed.to_string(), text);
    assert_eq!(parsed.verify(&board.verifier()).unwrap(), &checkpoint);
    assert_eq!(parsed.verify(&witness.verifier()).unwrap(), &checkpoint);
    assert!(matches!(
        parsed.verify(&signer_named("zhixuan.board/demo-2026").verifier()),
        Err(CheckpointError::NotSignedByKey { .. })
    ));
}

/// Each way a text can differ from the canonical one, and the line the parser blames.
#[test]
fn every_malformed_text_is_rejected() {
    let body = "zhixuan.board/demo-2026\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";
    let root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";
    let signature = "hO0Py8BfQa0/W8r0Hk9Dob+7jSQakg1QLMj7ao077UjXazzl/o/651JdO/dvNWn7mChKW+ZJmT6CHRb/ZE2BeqrGggE=";
    let line = format!("\u{2014} zhixuan.board/demo-2026 {signature}\n");
    let d = DEMO_CHECKPOINT;
    let short_root = BASE64.encode(&Hash::EMPTY_TREE_ROOT.as_bytes()[..31]);
    let long_signature = BASE64.encode([1u8; 69]);
    let cases: Vec<(&str, String, usize)> = vec![
        ("no final newline", d.trim_end_matches('\n').to_owned(), 5),
        ("garbage after the signatures", format!("{d}garbage\n"), 6),
        ("a blank line after the signatures", format!("{d}\n"), 6),
        ("CRLF line endings", d.replace('\n', "\r\n"), 1),
        (
            "space after the origin",
            d.replacen("demo-2026\n", "demo-2026 \n", 1),
            1,
        ),
        ("space before the origin", format!(" {d}"), 1),
        (
            "another log's origin",
            d.replacen("zhixuan.board/", "example.com/", 1),
            1,
        ),
        (
            "no election id",
            d.replacen("zhixuan.board/demo-2026\n", "zhixuan.board/\n", 1),
            1,
        ),
        (
            "leading zero in the size",
            d.replacen("\n8\n", "\n08\n", 1),
            2,
        ),
        ("plus sign in the size", d.replacen("\n8\n", "\n+8\n", 1), 2),
        ("space before the size", d.replacen("\n8\n", "\n 8\n", 1), 2),
        ("space after the size", d.replacen("\n8\n", "\n8 \n", 1), 2),
        (
            "size beyond u64",
            d.replacen("\n8\n", "\n18446744073709551616\n", 1),
            2,
        ),
        ("empty size", d.replacen("\n8\n", "\n\n", 1), 2),
        (
            "root without padding",
            d.replacen(root, root.trim_end_matches('='), 1),
            3,
        ),
        (
            "root with non-zero trailing bits",
            d.replacen("Qyg=", "Qyh=", 1),
            3,
        ),
        (
            "root in URL-safe base64",
            d.replacen(root, &root.replace('+', "-").replace('/', "_"), 1),
            3,
        ),
        (
            "root in hexadecimal",
            d.replacen(
                root,
                "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
                1,
            ),
            3,
        ),
        ("root of 31 bytes", d.replacen(root, &short_root, 1), 3),
        (
            "space after the root",
            d.replacen(root, &format!("{root} "), 1),
            3,
        ),
        (
            "an extension line",
            d.replacen(&format!("{root}\n"), &format!("{root}\nextension\n"), 1),
            4,
        ),
        (
            "no blank line",
            d.replacen(&format!("{root}\n\n"), &format!("{root}\n"), 1),
            4,
        ),
        (
            "two blank lines",
            d.replacen(&format!("{root}\n\n"), &format!("{root}\n\n\n"), 1),
            5,
        ),
        ("no signature", format!("{body}\n"), 5),
        ("only the body", body.to_owned(), 4),
        (
            "hyphen instead of em dash",
            d.replacen('\u{2014}', "-", 1),
            5,
        ),
        (
            "em dash without its space",
            d.replacen("\u{2014} ", "\u{2014}", 1),
            5,
        ),
        (
            "two spaces after the em dash",
            d.replacen("\u{2014} ", "\u{2014}  ", 1),
            5,
        ),
        (
            "two spaces before the signature",
            d.replacen(" hO0P", "  hO0P", 1),
            5,
        ),
        (
            "space after the signature",
            d.replacen("ggE=\n", "ggE= \n", 1),
            5,
        ),
        (
            "tab in the signature line",
            d.replacen(" hO0P", "\thO0P", 1),
            5,
        ),
        (
            "signature without padding",
            d.replacen("ggE=\n", "ggE\n", 1),
            5,
        ),
        (
            "signature of 69 bytes",
            d.replacen(signature, &long_signature, 1),
            5,
        ),
        (
            "signature of 64 bytes",
            d.replacen(signature, &BASE64.encode([1u8; 64]), 1),
            5,
        ),
        (
            "a plus in the key name",
            d.replacen("\u{2014} zhixuan", "\u{2014} zhi+xuan", 1),
            5,
        ),
        ("the same signature twice", format!("{d}{line}"), 6),
    ];
    for (what, text, line) in cases {
        let parsed = text.parse::<SignedCheckpoint>();
        match parsed {
            Err(CheckpointError::Malformed { line: blamed, .. }) => {
                assert_eq!(blamed, line, "{what}: blamed the wrong line in {text:?}")
            }
            other => panic!("{what}: expected a malformed-text error, got {other:?}"),
        }
    }
    // A size-0 checkpoint must carry the empty tree's root.
    let empty_with_root = d.replacen("\n8\n", "\n0\n", 1);
    assert!(matches!(
        empty_with_root.parse::<SignedCheckpoint>(),
        Err(CheckpointError::NotEmptyTreeRoot { .. })
    ));
}

#[test]
fn at_most_one_hundred_signatures() {
    let line = |i: u8| format!("\u{2014} k{i} {}\n", BASE64.encode([i; 68]));
    let hundred: String = (0..100).map(line).collect();
    let body = "zhixuan.board/demo-2026\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n";
    let text = format!("{body}{hundred}");
    assert_eq!(text.parse::<SignedCheckpoint>().unwrap().to_string(), text);
    let text = format!("{body}{hundred}{}", line(100));
    assert!(matches!(
        text.parse::<SignedCheckpoint>(),
        Err(CheckpointError::Malformed { line: 105, .. })
    ));
}

#[test]
fn verifier_keys_are_checked() {
    let good = DEMO_VERIFIER_KEY;
    let key = "AepKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs";
    let mut typed = BASE64.decode(key).unwrap();
    typed[0] = 0x02;
    let wrong_type = BASE64.encode(&typed);
    for bad in [
        good.replacen("+84ed0fcb+", "+84ed0fcc+", 1),
        good.replacen("+84ed0fcb+", "+84ED0FCB+", 1),
        good.replacen(key, &wrong_type, 1),
        good.replacen(key, key.trim_end_matches('s'), 1),
        good.replacen("zhixuan.board/demo-2026", "zhixuan board", 1),
        "zhixuan.board/demo-2026+84ed0fcb".to_owned(),
        format!("{good} "),
    ] {
        assert!(
            matches!(
                bad.parse::<CheckpointVerifier>(),
                Err(CheckpointError::InvalidVerifierKey { .. })
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn names_and_origins_are_checked() {
    for bad in ["", "a b", "a+b", "a\nb", "a\u{00a0}b"] {
        assert!(bad.parse::<KeyName>().is_err(), "{bad:?}");
    }
    assert_eq!(
        "zhixuan.board/x".parse::<KeyName>().unwrap().as_str(),
        "zhixuan.board/x"
    );
    for bad in ["", "a b", "a/b", "a+b", "投票"] {
        assert!(Origin::for_election(bad).is_err(), "{bad:?}");
    }
    let origin = Origin::for_election("2026_Nanjing-round.1~a").unwrap();
    assert_eq!(origin.as_str(), "zhixuan.board/2026_Nanjing-round.1~a");
    assert_eq!(origin.as_str().parse::<Origin>().unwrap(), origin);
    assert!("zhixuan.board".parse::<Origin>().is_err());
}

#[test]
fn the_signer_never_shows_its_secret() {
    let signer = demo_signer();
    let shown = format!("{signer:?}");
    assert!(shown.contains("zhixuan.board/demo-2026"), "{shown}");
    assert!(!shown.contains(&"07".repeat(32)), "{shown}");
    assert!(!shown.contains("[7, 7"), "{shown}");
}

#[test]
fn consistent_checkpoints_are_recognised_in_either_order() {
    let signer = demo_signer();
    let verifier = signer.verifier();
    let mut tree = MerkleTree::new();
    for i in 0u64..20 {
        tree.push(hash_leaf(&i.to_be_bytes()));
    }
    let old = signer.sign(checkpoint_at(&tree, 7));
    let new = signer.sign(checkpoint_at(&tree, 20));
    let proof = tree.consistency_proof(7, 20).unwrap();
    assert_eq!(
        check_consistency(&verifier, &old, &new, &proof),
        Ok(Consistency::Consistent)
    );
    assert_eq!(
        check_consistency(&verifier, &new, &old, &proof),
        Ok(Consistency::Consistent)
    );
    assert_eq!(
        check_consistency(&verifier, &new, &new, &[]),
        Ok(Consistency::Consistent)
    );
}

#[test]
fn a_rewritten_history_is_inconsistent() {
    let signer = demo_signer();
    let verifier = signer.verifier();
    let mut honest = MerkleTree::new();
    let mut rewritten = MerkleTree::new();
    for i in 0u64..20 {
        honest.push(hash_leaf(&i.to_be_bytes()));
        // The board quietly replaces entry 3.
        let entry = if i == 3 { 99 } else { i };
        rewritten.push(hash_leaf(&entry.to_be_bytes()));
    }
    let yesterday = signer.sign(checkpoint_at(&honest, 7));
    let today = signer.sign(checkpoint_at(&rewritten, 20));
    // Neither the rewritten tree's proof nor the honest one reconciles the two.
    for proof in [
        rewritten.consistency_proof(7, 20).unwrap(),
        honest.consistency_proof(7, 20).unwrap(),
    ] {
        assert!(matches!(
            check_consistency(&verifier, &yesterday, &today, &proof),
            Ok(Consistency::Inconsistent(_))
        ));
    }
    // Same size, different roots: no proof can exist.
    let forked = signer.sign(checkpoint_at(&rewritten, 7));
    assert!(matches!(
        check_consistency(&verifier, &yesterday, &forked, &[]),
        Ok(Consistency::Inconsistent(
            ProofError::NewRootMismatch { .. }
        ))
    ));
}

#[test]
fn no_verdict_without_valid_signatures_of_one_log() {
    let signer = demo_signer();
    let tree = demo_tree();
    let old = signer.sign(checkpoint_at(&tree, 3));
    let new = signer.sign(checkpoint_at(&tree, 8));
    let proof = tree.consistency_proof(3, 8).unwrap();
    let forger = signer_named("zhixuan.board/demo-2026");
    let forged = forger.sign(checkpoint_at(&tree, 8));
    assert!(matches!(
        check_consistency(&signer.verifier(), &old, &forged, &proof),
        Err(CheckpointError::NotSignedByKey { .. })
    ));
    let elsewhere = signer
        .sign(Checkpoint::new(Origin::for_election("other").unwrap(), 8, tree.root()).unwrap());
    assert!(matches!(
        check_consistency(&signer.verifier(), &old, &elsewhere, &proof),
        Err(CheckpointError::OriginMismatch { .. })
    ));
    assert_eq!(
        check_consistency(&signer.verifier(), &old, &new, &proof),
        Ok(Consistency::Consistent)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn signed_checkpoints_round_trip_exactly(
        seed: [u8; 32],
        election in "[A-Za-z0-9._~-]{1,40}",
        name in "[!-*,-~]{1,30}",
        size in 1u64..u64::MAX,
        root: [u8; 32],
    ) {
        let signer = CheckpointSigner::new(name.parse().unwrap(), SigningKey::from_bytes(&seed));
        let origin = Origin::for_election(&election).unwrap();
        let checkpoint = Checkpoint::new(origin, size, Hash::from_bytes(root)).unwrap();
        let text = signer.sign(checkpoint.clone()).to_string();
        let parsed: SignedCheckpoint = text.parse().unwrap();
        prop_assert_eq!(parsed.to_string(), text);
        prop_assert_eq!(parsed.verify(&signer.verifier()).unwrap(), &checkpoint);
        let verifier: CheckpointVerifier = signer.verifier().to_string().parse().unwrap();
        prop_assert_eq!(verifier, signer.verifier());
    }
}
