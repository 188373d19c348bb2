//! No secret leaves the files meant to hold it. A whole `zhixuan demo` runs with every
//! tracing event at every level captured; then every secret it generated — the board's,
//! the organiser's and the trustees' signing keys, every trustee's polynomial, the shares it
//! received and the share of the election key they sum to, every voter's slip code and the
//! credential secret derived from it — is looked for, in every encoding the code uses (hex
//! either case, base64, the slip's text with and without dashes, the raw bytes), in:
//!
//! - everything captured from tracing (the board's request traces and errors included);
//! - the demo's report, rendered in both languages, as JSON and through `Debug`;
//! - every file the demo wrote except those whose job is to hold secrets (`*.key`,
//!   `*.state`, the slips): the board's database with its write-ahead log, the definitions,
//!   the saved checkpoints and the records.
//!
//! Encryption nonces are not looked for: they never leave the voter's process but in an
//! audited ballot, which publishes them by design (`spec/protocol.md` §11).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use base64::Engine;
use clap::Parser;
use curve25519_dalek::Scalar;
use zhixuan_cli::slips::SlipCode;
use zhixuan_cli::{Lang, Report, Ui};
use zhixuan_record::{Entry, RecordReader};

/// Everything tracing writes, kept.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One secret: what it is (for the failure message) and its bytes as they would be
/// written out, in each encoding.
struct Secret {
    what: String,
    forms: Vec<Vec<u8>>,
}

impl Secret {
    /// A secret of raw bytes, looked for raw and in hex and base64.
    fn bytes(what: String, bytes: &[u8]) -> Secret {
        let lower = hex::encode(bytes);
        Secret {
            what,
            forms: vec![
                bytes.to_vec(),
                lower.clone().into_bytes(),
                lower.to_uppercase().into_bytes(),
                base64::engine::general_purpose::STANDARD
                    .encode(bytes)
                    .into_bytes(),
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(bytes)
                    .into_bytes(),
            ],
        }
    }
}

/// Where each secret is found in each haystack, as sentences. Every window of a haystack is
/// looked up once per length a secret's form has, not compared with every secret in turn:
/// the database alone is hundreds of kilobytes.
fn leaks(secrets: &[Secret], public: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut by_length: BTreeMap<usize, HashMap<&[u8], &str>> = BTreeMap::new();
    for secret in secrets {
        for form in &secret.forms {
            by_length
                .entry(form.len())
                .or_default()
                .insert(form.as_slice(), secret.what.as_str());
        }
    }
    let mut found = BTreeSet::new();
    for (name, bytes) in public {
        for (length, forms) in &by_length {
            for window in bytes.windows(*length) {
                if let Some(what) = forms.get(window) {
                    found.insert(format!("{what} is in {name}"));
                }
            }
        }
    }
    found.into_iter().collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Files whose job is to hold secrets: key files, trustees' states, slips.
fn holds_secrets(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    name.ends_with(".key") || name.ends_with(".state") || name.contains(".slips.")
}

/// The hex secret of a `zhixuan` key file or the board's key file.
fn key_secret(path: &Path) -> Secret {
    let text = std::fs::read_to_string(path).unwrap();
    let hex_key = text
        .lines()
        .find_map(|l| l.strip_prefix("secret "))
        .unwrap_or(text.trim());
    let bytes = hex::decode(hex_key).unwrap();
    assert_eq!(bytes.len(), 32, "{}", path.display());
    Secret::bytes(format!("the key in {}", path.display()), &bytes)
}

/// A trustee's polynomial and received shares from its state file (layout:
/// `Trustee::save`), and the share of the election key they sum to.
fn state_secrets(path: &Path) -> Vec<Secret> {
    let saved = std::fs::read(path).unwrap();
    let mut at = 16 + 32 + 8;
    let u64_at = |at: &mut usize| {
        let n = u64::from_be_bytes(saved[*at..*at + 8].try_into().unwrap());
        *at += 8;
        n as usize
    };
    let mut secrets = Vec::new();
    for c in 0..u64_at(&mut at) {
        secrets.push(Secret::bytes(
            format!("coefficient {c} of {}", path.display()),
            &saved[at..at + 32],
        ));
        at += 32;
    }
    let mut sum = Scalar::ZERO;
    let received = u64_at(&mut at);
    assert!(received > 0, "{} holds no shares", path.display());
    for _ in 0..received {
        let dealer = u64_at(&mut at);
        let share: [u8; 32] = saved[at..at + 32].try_into().unwrap();
        sum += Scalar::from_canonical_bytes(share).unwrap();
        secrets.push(Secret::bytes(
            format!("dealer {dealer}'s share in {}", path.display()),
            &share,
        ));
        at += 32;
    }
    assert_eq!(at, saved.len(), "{} not read to its end", path.display());
    secrets.push(Secret::bytes(
        format!("the election key share of {}", path.display()),
        sum.as_bytes(),
    ));
    secrets
}

/// Every slip code in a slips text file (a `#` heading, then one QR payload
/// `ZHIXUAN:ID:CODE` a line), as
/// printed, without its dashes, and the credential secret it gives.
fn slip_secrets(path: &Path, election: &zhixuan_tally::ElectionHash) -> Vec<Secret> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut secrets = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let printed = line.rsplit(':').next().unwrap();
        let code = SlipCode::parse(printed).unwrap();
        let credential = code.credential(election).unwrap();
        let mut secret = Secret::bytes(
            format!("a credential secret of {}", path.display()),
            &*credential.to_bytes(),
        );
        secret.forms.push(printed.as_bytes().to_vec());
        secret.forms.push(printed.replace('-', "").into_bytes());
        secrets.push(secret);
    }
    secrets
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_demo_writes_no_secret_outside_its_secret_files() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let dir = std::env::temp_dir().join(format!("zhixuan-secrets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let dir_arg = dir.display().to_string();
    let cli =
        zhixuan_cli::Cli::try_parse_from(["zhixuan", "demo", "--voters", "30", "--dir", &dir_arg])
            .unwrap();
    let report = zhixuan_cli::run(cli, &Ui::quiet(Lang::En)).await.unwrap();
    let Report::Demo(demo) = &report else {
        panic!("not a demo report")
    };

    // The secrets, from the files that hold them.
    let mut secrets = Vec::new();
    let (mut keys, mut states, mut slips) = (0, 0, 0);
    for election in &demo.elections {
        let record = std::fs::read_to_string(&election.record).unwrap();
        let mut reader = RecordReader::new(record.as_bytes()).unwrap();
        let Entry::Definition(definition) = reader.next_entry().unwrap().unwrap().entry else {
            panic!("entry 0 is not the definition")
        };
        let hash = definition.body.hash();
        for path in files_under(&demo.data) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".slips.txt") && name.starts_with(&format!("{}.", election.election))
            {
                let found = slip_secrets(&path, &hash);
                slips += found.len();
                secrets.extend(found);
            }
        }
    }
    for path in files_under(&demo.data) {
        let name = path.file_name().unwrap().to_string_lossy();
        if name.ends_with(".key") {
            keys += 1;
            secrets.push(key_secret(&path));
        } else if name.ends_with(".state") {
            states += 1;
            secrets.extend(state_secrets(&path));
        }
    }
    // The board's, the organiser's and five trustees' keys; five trustees' states for each
    // of Nanjing's two elections; a slip for each voter: the 30 of the recommendation
    // meeting (its 800 scaled to 30) and the 19 of the assembly (its 500 members, scaled
    // alike).
    assert_eq!((keys, states, slips), (7, 10, 49));

    // Where they must not be.
    let mut public: Vec<(String, Vec<u8>)> = vec![
        (
            "the report in Chinese".into(),
            report.render(Lang::Zh).into_bytes(),
        ),
        (
            "the report in English".into(),
            report.render(Lang::En).into_bytes(),
        ),
        (
            "the report as JSON".into(),
            report.to_json().unwrap().into_bytes(),
        ),
        (
            "the report's Debug".into(),
            format!("{report:?}").into_bytes(),
        ),
    ];
    let traced = captured.0.lock().unwrap().clone();
    assert!(!traced.is_empty(), "tracing captured nothing");
    public.push(("tracing".into(), traced));
    for path in files_under(&demo.data) {
        if !holds_secrets(&path) {
            public.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    assert!(
        public.iter().any(|(name, _)| name.ends_with("board.db")),
        "the board's database was not looked at"
    );

    // The search finds a secret where one is: the test would see a leak.
    let planted = [b"x".as_slice(), &secrets[0].forms[1], b"y"].concat();
    assert_eq!(leaks(&secrets, &[("a plant".into(), planted)]).len(), 1);

    let leaks = leaks(&secrets, &public);
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `Debug` of every type holding a secret shows none of it (the tally's credential,
/// ballot opening and share are held to the same in `zhixuan-tally`'s tests): a secret in
/// a struct printed with `{:?}` in a log or an error stays out of it.
#[test]
fn secret_types_debug_print_nothing_secret() {
    let mut rng = rand::rng();
    let key = zhixuan_tally::SigningKey::generate(&mut rng);
    let printed = format!("{key:?}");
    assert!(
        !printed.contains(&hex::encode(*key.to_bytes())),
        "{printed}"
    );

    let board_key = zhixuan_record::SigningKey::generate(&mut rng);
    let signer =
        zhixuan_record::CheckpointSigner::new("test.board".parse().unwrap(), board_key.clone());
    let printed = format!("{signer:?}");
    assert!(
        !printed.contains(&hex::encode(board_key.to_bytes())),
        "{printed}"
    );

    let code = SlipCode::generate();
    let printed = format!("{code:?}");
    let text = code.to_text();
    assert!(!printed.contains(text.as_str()), "{printed}");
    assert!(!printed.contains(&text.replace('-', "")), "{printed}");

    // A trustee mid-ceremony: its polynomial's coefficients are in its saved state.
    let keys: Vec<zhixuan_tally::SigningKey> = (0..3)
        .map(|_| zhixuan_tally::SigningKey::generate(&mut rng))
        .collect();
    let params = zhixuan_tally::CeremonyParams::new(
        zhixuan_tally::ElectionHash([7; 32]),
        2,
        keys.iter().map(|k| k.verifying_key().clone()).collect(),
    )
    .unwrap();
    let trustee = zhixuan_tally::Trustee::new(
        params,
        zhixuan_tally::TrusteeIndex(1),
        keys[0].clone(),
        &mut rng,
    )
    .unwrap();
    let printed = format!("{trustee:?}");
    let saved = trustee.save();
    let coefficients = &saved[16 + 32 + 8 + 8..16 + 32 + 8 + 8 + 2 * 32];
    for coefficient in coefficients.chunks(32) {
        assert!(!printed.contains(&hex::encode(coefficient)), "{printed}");
    }
}
