//! The `zhixuan-verify` binary as a committee member runs it: on record files written to a
//! temporary directory, and against a real board on a loopback port. Exit statuses, the
//! report in both languages and as JSON, saved checkpoints, the voter's tracking-code
//! check, and a fetch that resumes from an interrupted one.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use time::Duration;
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::*;
use zhixuan_election::{ContestKind, DefinitionDocument, ElectionDefinition};
use zhixuan_record::client::BoardClient;
use zhixuan_record::*;
use zhixuan_testkit::{
    ballots_for, board_signer, demo_key, example_counts, example_open_now, Finished, Record,
    RECORD_BOARD,
};

/// What a run of the binary printed, and its exit status.
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// The binary, with the locale cleared so that only `--lang` (or a test's own locale)
/// decides the language.
fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhixuan-verify"));
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}

fn finish(output: std::process::Output) -> Run {
    Run {
        status: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Run {
    finish(command(args).output().unwrap())
}

/// Runs the binary without blocking the runtime the board is served on.
async fn run_async(args: &[&str]) -> Run {
    let mut cmd = tokio::process::Command::from(command(args));
    finish(cmd.output().await.unwrap())
}

/// A fresh directory of its own for each test.
fn scratch(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("zhixuan-verify-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The Xinzhou 2023 evaluation with three ballots from each group, one audited ballot,
/// and the result: built once, shared by the tests that read record files.
fn honest() -> &'static Finished {
    static HONEST: OnceLock<Finished> = OnceLock::new();
    HONEST.get_or_init(|| {
        let name = "xinzhou-2023";
        let mut b = Record::from_example(name, 3);
        let counts = example_counts(name);
        let choices = ballots_for(b.style(0), &counts.groups[0])[0].clone();
        b.audit(0, &choices);
        b.conclude();
        b.finish()
    })
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn ballot_codes(finished: &Finished, kind: &str) -> Vec<(u64, String)> {
    finished
        .entries
        .iter()
        .filter_map(|e| match &e.entry {
            Entry::Ballot(b) if kind == "ballot" => Some((e.index, b.tracking_code().to_string())),
            Entry::AuditedBallot(a) if kind == "audited_ballot" => {
                Some((e.index, a.tracking_code().to_string()))
            }
            _ => None,
        })
        .collect()
}

/// The lines of the report for step `n` and the problems listed under it.
fn step_lines(report: &str, n: u8) -> String {
    let start = format!(" {n}. ");
    let mut lines = report.lines().skip_while(|l| !l.contains(&start));
    let mut out = String::new();
    if let Some(first) = lines.next() {
        out.push_str(first);
        out.push('\n');
        for l in lines.take_while(|l| l.starts_with("      ")) {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[test]
fn an_honest_record_verifies_in_english_and_in_chinese() {
    let dir = scratch("honest");
    let file = write(&dir, "xinzhou.record.jsonl", &honest().bytes());

    let en = run(&["--lang", "en", "record", path_str(&file)]);
    assert_eq!(en.status, 0, "{en}");
    for n in 1..=8 {
        assert!(en.stdout.contains(&format!(" ✓ {n}. ")), "step {n}: {en}");
    }
    // No step failed (the outcome's own ✗ marks a quorum not met, not a failure).
    assert!(!en.stdout.lines().any(|l| l.starts_with(" ✗")), "{en}");
    assert!(en.stdout.contains("xinzhou-demo-village-2023"), "{en}");
    assert!(en.stdout.contains("Outcome:"), "{en}");
    // The outcome as the command shows it, groups by name.
    assert!(en.stdout.contains("Party members: voted 3/40"), "{en}");
    assert!(en.stdout.contains("audited 1"), "{en}");
    assert!(
        en.stdout
            .contains("Verdict: the record verifies; the published result follows"),
        "{en}"
    );

    let zh = run(&["--lang", "zh", "record", path_str(&file)]);
    assert_eq!(zh.status, 0, "{zh}");
    for n in 1..=8 {
        assert!(zh.stdout.contains(&format!(" ✓ {n}. ")), "step {n}: {zh}");
    }
    assert!(zh.stdout.contains("选举结果："), "{zh}");
    assert!(zh.stdout.contains("：投票 3/40"), "{zh}");
    assert!(zh.stdout.contains("结论：记录通过验证"), "{zh}");

    // Without --lang, the locale decides.
    let mut cmd = command(&["record", path_str(&file)]);
    cmd.env("LANG", "zh_CN.UTF-8");
    let localised = finish(cmd.output().unwrap());
    assert_eq!(localised.status, 0, "{localised}");
    assert!(
        localised.stdout.contains("结论：记录通过验证"),
        "{localised}"
    );
}

#[test]
fn a_tampered_record_fails_naming_the_step_and_the_entry() {
    let dir = scratch("tampered");
    let honest = honest();
    let (k, _) = ballot_codes(honest, "ballot")[1].clone();
    let mut tampered = honest.clone();
    let Entry::Ballot(ballot) = &mut tampered.entries[k as usize].entry else {
        unreachable!()
    };
    // Two selections swap places, each with its own proof: every proof is still a proof,
    // but of the other option's statement.
    ballot.contests[0].selections.swap(0, 1);
    let code = ballot.tracking_code().to_string();

    // A board that re-signed the tampered log: the checkpoint holds, the ballot does not.
    let file = write(&dir, "resigned.record.jsonl", &tampered.bytes());
    let out = run(&["--lang", "en", "record", path_str(&file)]);
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stdout.contains(" ✓ 2. "), "{out}");
    let step5 = step_lines(&out.stdout, 5);
    assert!(step5.contains(" ✗ 5. "), "{out}");
    assert!(
        step5.contains(&format!(
            "entry {k} (ballot, tracking code {code}): [invalid_ballot]"
        )),
        "{out}"
    );
    // The ballot was not counted, so the published tally is not the sum of the counted.
    assert!(
        step_lines(&out.stdout, 6).contains("[tally_mismatch]"),
        "{out}"
    );
    assert!(
        out.stdout.contains("Verdict: the record does NOT verify."),
        "{out}"
    );

    let zh = run(&["--lang", "zh", "record", path_str(&file)]);
    assert_eq!(zh.status, 1, "{zh}");
    assert!(
        step_lines(&zh.stdout, 5).contains(&format!(
            "条目 {k} (ballot, 跟踪码 {code}): 选票的证明或签名无效 [invalid_ballot]"
        )),
        "{zh}"
    );
    assert!(zh.stdout.contains("结论：记录未通过验证。"), "{zh}");

    // The same entries under the checkpoint the board signed for the honest log: the
    // changed entry no longer hashes to the signed root.
    let unsigned = tampered.bytes_with(
        &tampered.header(),
        &honest.checkpoint(honest.entries.len() as u64),
    );
    let file = write(&dir, "unsigned.record.jsonl", &unsigned);
    let out = run(&["--lang", "en", "--json", "record", path_str(&file)]);
    assert_eq!(out.status, 1, "{out}");
    let report = out.json();
    assert_eq!(report["steps"][1]["status"], "failed");
    assert_eq!(report["steps"][1]["problems"][0]["code"], "root_mismatch");
    assert_eq!(report["steps"][4]["status"], "failed");
    let problem = &report["steps"][4]["problems"][0];
    assert_eq!(problem["index"], k);
    assert_eq!(problem["kind"], "ballot");
    assert_eq!(problem["tracking_code"], code.as_str());
    assert_eq!(problem["code"], "invalid_ballot");
}

#[test]
fn a_refused_definition_is_reported_once_and_nothing_after_it_is_checked() {
    let dir = scratch("definition");
    let mut tampered = honest().clone();
    let Entry::Definition(signed) = &mut tampered.entries[0].entry else {
        unreachable!()
    };
    // Signed by someone who is not the organiser it names.
    *signed = Signed::sign(
        &demo_key("not-the-organiser"),
        &signed.body.hash(),
        signed.body.clone(),
        &mut rand::rng(),
    );
    let file = write(&dir, "forged.record.jsonl", &tampered.bytes());
    let out = run(&["--json", "record", path_str(&file)]);
    assert_eq!(out.status, 1, "{out}");
    let report = out.json();
    let record = &report["steps"][0];
    assert_eq!(record["status"], "failed");
    assert_eq!(record["failed"], 1, "{out}");
    assert_eq!(record["problems"][0]["index"], 0);
    assert_eq!(record["problems"][0]["code"], "bad_signature");
    assert_eq!(report["steps"][1]["status"], "passed", "{out}");
    for s in 2..8 {
        assert_eq!(report["steps"][s]["status"], "not_reached", "{out}");
    }
}

#[test]
fn input_that_is_not_a_record_exits_2() {
    let dir = scratch("unreadable");
    let missing = dir.join("no-such.record.jsonl");
    let out = run(&["--lang", "en", "record", path_str(&missing)]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("cannot read the input"), "{out}");
    assert!(out.stderr.contains("no-such.record.jsonl"), "{out}");
    assert!(out.stdout.is_empty(), "{out}");

    let examples = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/xinzhou-2023.json"
    );
    let not_a_record = [
        ("empty", b"".to_vec()),
        ("text", b"hello, world\n".to_vec()),
        ("definition", std::fs::read(examples).unwrap()),
        (
            "other-format",
            br#"{"format":"zhixuan-ballots","version":1,"election_id":"x","board_key":"k","entries":0}"#
                .to_vec(),
        ),
    ];
    for (name, bytes) in not_a_record {
        let file = write(&dir, name, &bytes);
        let out = run(&["--lang", "en", "record", path_str(&file)]);
        assert_eq!(out.status, 2, "{name}: {out}");
        assert!(
            out.stderr.contains("cannot read the input"),
            "{name}: {out}"
        );
    }

    let mut later = honest().header();
    later.version = RECORD_VERSION + 1;
    let file = write(
        &dir,
        "later-version",
        &honest().bytes_with(&later, &honest().checkpoint(honest().entries.len() as u64)),
    );
    let out = run(&["--lang", "en", "record", path_str(&file)]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("version 2 is not supported"), "{out}");
}

#[test]
fn a_record_cut_short_fails_at_step_1_and_leaves_the_rest_unchecked() {
    let dir = scratch("cut");
    let bytes = honest().bytes();
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    // Every entry, but no checkpoint: step 2 was never reached.
    let no_footer = lines[..lines.len() - 1].join("\n") + "\n";
    let file = write(&dir, "no-footer.record.jsonl", no_footer.as_bytes());
    let out = run(&["--json", "record", path_str(&file)]);
    assert_eq!(out.status, 1, "{out}");
    let report = out.json();
    assert_eq!(report["steps"][0]["problems"][0]["code"], "record_format");
    assert_eq!(report["steps"][1]["status"], "not_reached", "{out}");
    assert_eq!(report["steps"][4]["status"], "passed", "{out}");

    // Half the entries: what was read is checked, what was not is not reached.
    let half = lines[..lines.len() / 2].join("\n") + "\n";
    let file = write(&dir, "half.record.jsonl", half.as_bytes());
    let out = run(&["--lang", "en", "record", path_str(&file)]);
    assert_eq!(out.status, 1, "{out}");
    assert!(
        step_lines(&out.stdout, 1).contains("[record_format] the file ends after"),
        "{out}"
    );
    for n in [2, 6, 7, 8] {
        assert!(
            step_lines(&out.stdout, n).contains("not reached"),
            "step {n}: {out}"
        );
    }
}

#[test]
fn the_json_report_has_every_step_with_its_status() {
    let dir = scratch("json");
    let file = write(&dir, "xinzhou.record.jsonl", &honest().bytes());
    let out = run(&["--json", "record", path_str(&file)]);
    assert_eq!(out.status, 0, "{out}");
    let report = out.json();
    assert_eq!(report["election_id"], "xinzhou-demo-village-2023");
    assert_eq!(report["entries"], honest().entries.len());
    assert_eq!(report["phase"], "decided");
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 8);
    let names = [
        "record",
        "checkpoints",
        "ceremony",
        "credentials",
        "ballots",
        "tally",
        "decryption",
        "outcome",
    ];
    for (i, (s, name)) in steps.iter().zip(names).enumerate() {
        assert_eq!(s["number"], i + 1);
        assert_eq!(s["step"], name);
        assert_eq!(s["status"], "passed", "{name}");
        assert!(s["checked"].as_u64().unwrap() > 0, "{name}");
        assert_eq!(s["failed"], 0);
        assert!(s["problems"].as_array().unwrap().is_empty());
    }
    // Twelve ballots (3 in each of the 4 groups), one audited ballot and the close of
    // voting.
    assert_eq!(steps[4]["checked"], 14);
    assert_eq!(report["audited"], 1);
    assert_eq!(report["superseded"], 0);
    assert_eq!(
        report["ballots"],
        serde_json::json!([
            {"group": "members", "counted": 3},
            {"group": "village-representatives", "counted": 3},
            {"group": "public-representatives", "counted": 3},
            {"group": "invited", "counted": 3}
        ])
    );
    let outcome: zhixuan_election::Outcome =
        serde::Deserialize::deserialize(&report["outcome"]).unwrap();
    assert_eq!(Some(&outcome), honest().outcome.as_ref());
}

#[test]
fn saved_checkpoints_must_be_prefixes_of_the_record() {
    let dir = scratch("checkpoints");
    let honest = honest();
    let file = write(&dir, "xinzhou.record.jsonl", &honest.bytes());
    let size = honest.entries.len() as u64;

    // Saved during the meeting, after the fifth entry; and the record's own.
    let meeting = write(&dir, "meeting.txt", honest.checkpoint(5).as_bytes());
    let latest = write(&dir, "latest.txt", honest.checkpoint(size).as_bytes());
    let out = run(&[
        "--json",
        "record",
        path_str(&file),
        "--checkpoint",
        path_str(&meeting),
        "--checkpoint",
        path_str(&latest),
    ]);
    assert_eq!(out.status, 0, "{out}");
    let report = out.json();
    assert_eq!(report["steps"][1]["status"], "passed");
    assert_eq!(report["steps"][1]["checked"], 3, "the footer and two saved");

    // The same board key signed a different history of five entries.
    let mut rewritten = honest.clone();
    rewritten.entries[3].received_at += Duration::seconds(1);
    let forked = write(&dir, "forked.txt", rewritten.checkpoint(5).as_bytes());
    let out = run(&[
        "--lang",
        "en",
        "record",
        path_str(&file),
        "--checkpoint",
        path_str(&forked),
    ]);
    assert_eq!(out.status, 1, "{out}");
    let step2 = step_lines(&out.stdout, 2);
    assert!(step2.contains(" ✗ 2. "), "{out}");
    assert!(
        step2.contains("[inconsistent_checkpoint] saved checkpoint"),
        "{out}"
    );
    assert!(step2.contains("forked.txt"), "{out}");
    for n in [1, 3, 4, 5, 6, 7, 8] {
        assert!(
            step_lines(&out.stdout, n).contains(&format!(" ✓ {n}. ")),
            "step {n}: {out}"
        );
    }

    // A record that stops before what the board once signed.
    let mut short = honest.clone();
    short.entries.truncate(size as usize - 1);
    let file = write(&dir, "short.record.jsonl", &short.bytes());
    let out = run(&[
        "--json",
        "record",
        path_str(&file),
        "--checkpoint",
        path_str(&latest),
    ]);
    assert_eq!(out.status, 1, "{out}");
    assert_eq!(
        out.json()["steps"][1]["problems"][0]["code"],
        "truncated_log"
    );

    // A saved file that is not a checkpoint of this board is refused, not ignored.
    let other = CheckpointSigner::new(
        "other.board".parse().unwrap(),
        SigningKey::from_bytes(&[9; 32]),
    );
    let origin = Origin::for_election(&honest.election_id).unwrap();
    let root = honest.tree().root_at(5).unwrap();
    let foreign = other.sign(Checkpoint::new(origin, 5, root).unwrap());
    let foreign = write(&dir, "foreign.txt", foreign.to_string().as_bytes());
    let out = run(&[
        "--json",
        "record",
        path_str(&honest_file(&dir)),
        "--checkpoint",
        path_str(&foreign),
    ]);
    assert_eq!(out.status, 1, "{out}");
    assert_eq!(out.json()["steps"][1]["problems"][0]["code"], "checkpoint");

    let out = run(&[
        "record",
        path_str(&honest_file(&dir)),
        "--checkpoint",
        path_str(&dir.join("never-saved.txt")),
    ]);
    assert_eq!(out.status, 2, "{out}");
}

fn honest_file(dir: &Path) -> PathBuf {
    write(dir, "honest.record.jsonl", &honest().bytes())
}

#[test]
fn a_pinned_board_key_must_be_the_one_that_signed() {
    let dir = scratch("pinned");
    let file = honest_file(&dir);
    let key = board_signer(RECORD_BOARD).verifier().to_string();
    let out = run(&["record", path_str(&file), "--board-key", &key]);
    assert_eq!(out.status, 0, "{out}");

    let other = CheckpointSigner::new(
        "test.board".parse().unwrap(),
        SigningKey::from_bytes(&[9; 32]),
    )
    .verifier()
    .to_string();
    let out = run(&["--json", "record", path_str(&file), "--board-key", &other]);
    assert_eq!(out.status, 1, "{out}");
    let report = out.json();
    assert_eq!(report["board_key"], other.as_str());
    assert_eq!(report["steps"][1]["problems"][0]["code"], "checkpoint");

    let out = run(&[
        "--json",
        "record",
        path_str(&file),
        "--board-key",
        "nonsense",
    ]);
    assert_eq!(out.status, 1, "{out}");
    assert_eq!(out.json()["steps"][1]["problems"][0]["code"], "board_key");
}

#[test]
fn a_voter_finds_a_ballot_in_a_record_by_its_tracking_code() {
    let dir = scratch("ballot-record");
    let file = honest_file(&dir);
    let (index, code) = ballot_codes(honest(), "ballot")[2].clone();

    let out = run(&["--lang", "en", "ballot", "--record", path_str(&file), &code]);
    assert_eq!(out.status, 0, "{out}");
    assert!(
        out.stdout.contains(&format!(
            "✓ tracking code {code}: ballot, log entry {index}"
        )),
        "{out}"
    );

    // Typed by hand: lower case, without dashes, O for 0.
    let typed = code.replace('-', "").to_lowercase().replace('0', "o");
    let out = run(&["--json", "ballot", "--record", path_str(&file), &typed]);
    assert_eq!(out.status, 0, "{out}");
    let found = out.json();
    assert_eq!(found["index"], index);
    assert_eq!(found["kind"], "ballot");
    assert_eq!(found["standing"], "counted");
    assert_eq!(found["tracking_code"], code.as_str());
    // In the election's time zone, with its offset (Xinzhou's notice is in +08:00), as
    // the board's pages show it; the record holds it in UTC.
    let entry = &honest().entries[index as usize];
    let local = entry
        .received_at
        .to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap());
    let rfc3339 = local
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    assert_eq!(found["received_at"], rfc3339.as_str());
    assert!(rfc3339.ends_with("+08:00"), "{rfc3339}");
    let out = run(&["--lang", "zh", "ballot", "--record", path_str(&file), &code]);
    assert!(
        out.stdout
            .contains(&format!("接收于 {}", rfc3339.replacen('T', " ", 1))),
        "{out}"
    );

    let (audited_index, audited) = ballot_codes(honest(), "audited_ballot")[0].clone();
    let out = run(&[
        "--lang",
        "en",
        "ballot",
        "--record",
        path_str(&file),
        &audited,
    ]);
    assert_eq!(out.status, 3, "not counted: {out}");
    assert!(
        out.stdout.contains(&format!(
            "audited ballot (opened, not counted), log entry {audited_index}"
        )),
        "{out}"
    );
    assert!(
        out.stdout
            .contains("not counted: this ballot was opened to audit the device"),
        "{out}"
    );

    let unknown = "0000-0000-0000-0000";
    let out = run(&[
        "--lang",
        "en",
        "ballot",
        "--record",
        path_str(&file),
        unknown,
    ]);
    assert_eq!(out.status, 1, "{out}");
    assert!(
        out.stdout.contains(&format!(
            "✗ tracking code {unknown}: no ballot with tracking code"
        )),
        "{out}"
    );

    let out = run(&["ballot", "--record", path_str(&file), "not-a-code"]);
    assert_eq!(out.status, 2, "{out}");
    let definition = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/xinzhou-2023.json"
    );
    let out = run(&["ballot", "--record", definition, &code]);
    assert_eq!(out.status, 2, "{out}");
    // A saved checkpoint says something about a board, not about a file: not accepted
    // where it would be ignored.
    let out = run(&[
        "ballot",
        "--record",
        path_str(&file),
        "--checkpoint",
        path_str(&file),
        &code,
    ]);
    assert_eq!(out.status, 2, "{out}");
}

// ---------------------------------------------------------------------------------------
// Against a board.

/// A board on SQLite in `dir`, served on a loopback port, with the key of the records
/// built here.
async fn start_board(dir: &Path) -> Local {
    let store = SqliteStore::open(&dir.join("board.db")).await.unwrap();
    let board = Board::open(store, board_signer(RECORD_BOARD))
        .await
        .unwrap();
    serve_local(board, Limits::default()).await.unwrap()
}

/// An example's definition with its voting window moved around now, since the board
/// stamps each entry with the time it receives it; then `edit`ed.
fn around_now(name: &str, edit: impl FnOnce(&mut DefinitionDocument)) -> ElectionDefinition {
    let mut doc = example_open_now(name);
    edit(&mut doc);
    ElectionDefinition::from_document(doc).unwrap()
}

/// A small Xinzhou evaluation: two ballots per group, one audited, the result.
fn small_evaluation(definition: ElectionDefinition, earlier: &[&Finished]) -> Finished {
    let counts = example_counts("xinzhou-2023");
    let mut b = Record::new(definition, earlier);
    b.setup();
    b.cast_counts(&counts, Some(2));
    let choices = ballots_for(b.style(0), &counts.groups[0])[0].clone();
    b.audit(0, &choices);
    b.conclude();
    b.finish()
}

/// Posts every entry of an election to the board; returns the checkpoint the board
/// signed after the first `keep` entries.
async fn post(client: &BoardClient, election: &Finished, keep: usize) -> String {
    let Entry::Definition(definition) = &election.entries[0].entry else {
        unreachable!()
    };
    let mut saved = client.create_election(definition).await.unwrap().checkpoint;
    for (i, e) in election.entries.iter().enumerate().skip(1) {
        let ack = client
            .append(&election.election_id, &e.entry)
            .await
            .unwrap();
        if i < keep {
            saved = ack.checkpoint;
        }
    }
    saved
}

fn record_header(path: &Path) -> RecordHeader {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetches_from_a_board_resumes_and_checks_a_voters_ballot() {
    let dir = scratch("board");
    let server = start_board(&dir).await;
    let url = server.url.clone();
    let client = BoardClient::new(&url);
    let election = small_evaluation(around_now("xinzhou-2023", |_| {}), &[]);
    let id = election.election_id.clone();
    let saved = post(&client, &election, 10).await;
    let saved = write(&dir, "meeting.txt", saved.as_bytes());

    // A fresh fetch, then verification.
    let fresh = dir.join("fresh.record.jsonl");
    let out = run_async(&[
        "--lang",
        "en",
        "board",
        &url,
        &id,
        "--save",
        path_str(&fresh),
    ])
    .await;
    assert_eq!(out.status, 0, "{out}");
    for n in 1..=8 {
        assert!(out.stdout.contains(&format!(" ✓ {n}. ")), "step {n}: {out}");
    }
    assert!(out.stdout.contains("Outcome:"), "{out}");
    assert!(out.stderr.contains("record saved to"), "{out}");
    assert!(!fresh.with_extension("partial").exists());
    let header = record_header(&fresh);
    assert_eq!(header.entries, election.entries.len() as u64);
    assert!(header.earlier.is_empty());
    let fresh_bytes = std::fs::read(&fresh).unwrap();

    // An interrupted fetch left seven whole entries and half of the eighth.
    let fresh_text = String::from_utf8(fresh_bytes.clone()).unwrap();
    let lines: Vec<&str> = fresh_text.lines().collect();
    let entry_lines = &lines[1..lines.len() - 1];
    let mut partial = entry_lines[..7].join("\n") + "\n";
    partial.push_str(&entry_lines[7][..entry_lines[7].len() / 2]);
    let resumed = dir.join("resumed.record.jsonl");
    std::fs::write(resumed.with_extension("partial"), &partial).unwrap();
    let out = run_async(&[
        "--lang",
        "en",
        "board",
        &url,
        &id,
        "--save",
        path_str(&resumed),
    ])
    .await;
    assert_eq!(out.status, 0, "{out}");
    assert!(!resumed.with_extension("partial").exists());
    assert_eq!(std::fs::read(&resumed).unwrap(), fresh_bytes);

    // The resumed entries are taken as they are: one that is not the board's is caught
    // by step 2 of the verification that follows.
    let mut wrong: LogEntry = serde_json::from_str(entry_lines[3]).unwrap();
    wrong.received_at += Duration::seconds(1);
    let mut partial = entry_lines[..7].to_vec();
    let wrong = serde_json::to_string(&wrong).unwrap();
    partial[3] = &wrong;
    let altered = dir.join("altered.record.jsonl");
    std::fs::write(altered.with_extension("partial"), partial.join("\n") + "\n").unwrap();
    let out = run_async(&["--json", "board", &url, &id, "--save", path_str(&altered)]).await;
    assert_eq!(out.status, 1, "{out}");
    assert_eq!(
        out.json()["steps"][1]["problems"][0]["code"],
        "root_mismatch"
    );

    // A partial file longer than the board's log is no prefix of it.
    let longer = dir.join("longer.record.jsonl");
    let mut too_many = entry_lines.to_vec();
    too_many.push(entry_lines[0]);
    std::fs::write(longer.with_extension("partial"), too_many.join("\n") + "\n").unwrap();
    let out = run_async(&[
        "--lang",
        "en",
        "board",
        &url,
        &id,
        "--save",
        path_str(&longer),
    ])
    .await;
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("delete it to fetch afresh"), "{out}");

    // The voter's check: the ballot is on the board, under a checkpoint the board signed
    // that extends the one saved at the meeting.
    let (index, code) = ballot_codes(&election, "ballot")[3].clone();
    let out = run_async(&[
        "--lang",
        "en",
        "ballot",
        "--board",
        &url,
        "--election",
        &id,
        &code,
        "--checkpoint",
        path_str(&saved),
    ])
    .await;
    assert_eq!(out.status, 0, "{out}");
    assert!(
        out.stdout.contains(&format!(
            "✓ tracking code {code}: ballot, log entry {index}"
        )),
        "{out}"
    );
    assert!(
        out.stdout
            .contains(&format!("checkpoint of size {}", election.entries.len())),
        "{out}"
    );
    assert!(
        out.stdout
            .contains("the board's log today extends the checkpoint you saved"),
        "{out}"
    );
    let out = run_async(&[
        "--json",
        "ballot",
        "--board",
        &url,
        "--election",
        &id,
        &code,
        "--board-key",
        &board_signer(RECORD_BOARD).verifier().to_string(),
    ])
    .await;
    assert_eq!(out.status, 0, "{out}");
    let found = out.json();
    assert_eq!(found["index"], index);
    assert_eq!(found["checkpoint_size"], election.entries.len());
    assert_eq!(
        found["saved_checkpoint_consistent"],
        serde_json::Value::Null
    );

    // The board's own key, pinned wrongly: the proof is not shown to be the board's.
    let other = CheckpointSigner::new(
        "test.board".parse().unwrap(),
        SigningKey::from_bytes(&[9; 32]),
    )
    .verifier()
    .to_string();
    let out = run_async(&[
        "--lang",
        "en",
        "ballot",
        "--board",
        &url,
        "--election",
        &id,
        &code,
        "--board-key",
        &other,
    ])
    .await;
    assert_eq!(out.status, 1, "{out}");
    assert!(
        out.stdout.contains("the board's proof does not hold"),
        "{out}"
    );

    // A checkpoint of another history signed by the board's key: the entries as built
    // locally, stamped with other times than the board's.
    let forked = write(&dir, "forked.txt", election.checkpoint(8).as_bytes());
    let out = run_async(&[
        "--lang",
        "en",
        "ballot",
        "--board",
        &url,
        "--election",
        &id,
        &code,
        "--checkpoint",
        path_str(&forked),
    ])
    .await;
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stdout.contains("rewrote history"), "{out}");

    let unknown = "0000-0000-0000-0000";
    let out = run_async(&[
        "--lang",
        "en",
        "ballot",
        "--board",
        &url,
        "--election",
        &id,
        unknown,
    ])
    .await;
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stdout.contains("tracking_code_not_found"), "{out}");

    // A board that is not there is input that cannot be read.
    server.stop().await.unwrap();
    let out = run_async(&[
        "--lang",
        "en",
        "ballot",
        "--board",
        &url,
        "--election",
        &id,
        &code,
    ])
    .await;
    assert_eq!(out.status, 2, "{out}");
    let out = run_async(&[
        "--lang",
        "en",
        "board",
        &url,
        &id,
        "--save",
        path_str(&dir.join("gone.record.jsonl")),
    ])
    .await;
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("could not reach the board"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fetched_record_carries_the_earlier_elections_it_depends_on() {
    let dir = scratch("earlier");
    let server = start_board(&dir).await;
    let url = server.url.clone();
    let client = BoardClient::new(&url);

    // Three years of evaluations, each continuing the year before.
    let continues = |doc: &mut DefinitionDocument, previous: &Finished| {
        for c in &mut doc.contests {
            if let ContestKind::Evaluation(e) = &mut c.kind {
                // The officials' evaluation continues last year's; the organisation's has
                // no previous year.
                if let Some(link) = e.previous.as_mut() {
                    link.election_id = previous.election_id.clone();
                    link.definition_hash = previous.definition.hash();
                }
            }
        }
    };
    let y2023 = small_evaluation(around_now("xinzhou-2023", |_| {}), &[]);
    post(&client, &y2023, 0).await;
    let y2024 = small_evaluation(around_now("xinzhou", |d| continues(d, &y2023)), &[&y2023]);
    post(&client, &y2024, 0).await;
    let y2025 = small_evaluation(
        around_now("xinzhou", |d| {
            d.election_id = "xinzhou-demo-village-2025".into();
            continues(d, &y2024);
        }),
        &[&y2024],
    );
    post(&client, &y2025, 0).await;

    let file = dir.join("2025.record.jsonl");
    let out = run_async(&[
        "--json",
        "board",
        &url,
        &y2025.election_id,
        "--save",
        path_str(&file),
    ])
    .await;
    assert_eq!(out.status, 0, "{out}");
    let report = out.json();
    assert_eq!(report["steps"][7]["status"], "passed");
    assert_eq!(
        report["outcome"]["election_id"],
        "xinzhou-demo-village-2025"
    );

    // 2025 names 2024 only; 2024 names 2023, and the fetch follows it.
    let header = record_header(&file);
    let mut ids: Vec<String> = header
        .earlier
        .iter()
        .map(|e| match &e.definition.entry {
            Entry::Definition(d) => d.body.election_id().to_owned(),
            other => panic!("{}", other.kind()),
        })
        .collect();
    ids.sort();
    assert_eq!(ids, [y2023.election_id.clone(), y2024.election_id.clone()]);

    // Without the appendix, 2025's outcome cannot be recomputed: the year before is
    // needed for the two-years-running verdict.
    let mut bare = header.clone();
    bare.earlier.clear();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[0] = serde_json::to_string(&bare).unwrap();
    let file = write(
        &dir,
        "bare.record.jsonl",
        (lines.join("\n") + "\n").as_bytes(),
    );
    let out = run_async(&["--json", "record", path_str(&file)]).await;
    assert_eq!(out.status, 1, "{out}");
    let report = out.json();
    assert_eq!(report["steps"][7]["status"], "failed");
    assert_eq!(report["steps"][7]["problems"][0]["code"], "outcome_error");

    // An appendix whose earlier result was altered is not the board's.
    let mut forged = header.clone();
    forged.earlier[0].result.received_at += Duration::seconds(1);
    lines[0] = serde_json::to_string(&forged).unwrap();
    let file = write(
        &dir,
        "forged.record.jsonl",
        (lines.join("\n") + "\n").as_bytes(),
    );
    let out = run_async(&["--json", "record", path_str(&file)]).await;
    assert_eq!(out.status, 1, "{out}");
    let report = out.json();
    assert_eq!(
        report["steps"][7]["problems"][0]["code"],
        "earlier_election"
    );
    assert_eq!(report["steps"][7]["failed"], 2, "{out}");
}

#[test]
fn every_example_in_the_help_is_a_command_line_the_verifier_accepts() {
    let dir = scratch("help");
    let help = run(&["--help"]);
    assert_eq!(help.status, 0, "{help}");
    // A port nothing listens on: each example gets as far as reading its input.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let examples: Vec<Vec<String>> = help
        .stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("zhixuan-verify "))
        .map(|l| {
            l.split_whitespace()
                .map(|a| a.replace("127.0.0.1:8080", &format!("127.0.0.1:{port}")))
                .collect()
        })
        .collect();
    assert_eq!(examples.len(), 6, "{help}");
    for args in examples {
        let mut cmd = command(&["--lang", "en"]);
        cmd.args(&args).current_dir(&dir);
        let out = finish(cmd.output().unwrap());
        assert_eq!(out.status, 2, "{args:?}: {out}");
        assert!(
            out.stderr.starts_with("cannot read the input"),
            "{args:?}: {out}"
        );
    }
}

/// Nanning (the last ballot counts): a voter audits one ballot, casts one, then casts
/// another. `ballot` says which is counted, which superseded and which audited, from a
/// record file and from a board, with exit status 0 only for the one counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voter_learns_whether_a_ballot_is_counted_superseded_or_audited() {
    let dir = scratch("standing");
    let mut b = Record::new(around_now("nanning", |_| {}), &[]);
    b.setup();
    let choices = b.choices(0);
    let (audited, _, voter) = b.audit(0, &choices);
    let first = b.cast_as(0, &voter, &choices);
    let second = b.cast_as(0, &voter, &choices);
    let election = b.finish();
    let id = election.election_id.clone();
    let index_of = |code: &str| {
        election
            .entries
            .iter()
            .find(|e| match &e.entry {
                Entry::Ballot(b) => b.tracking_code().to_string() == code,
                Entry::AuditedBallot(a) => a.tracking_code().to_string() == code,
                _ => false,
            })
            .unwrap()
            .index
    };
    let (audited, first, second) = (
        audited.tracking_code().to_string(),
        first.tracking_code().to_string(),
        second.tracking_code().to_string(),
    );
    let later = index_of(&second);
    let file = write(&dir, "nanning.record.jsonl", &election.bytes());
    let server = start_board(&dir).await;
    let url = server.url.clone();
    post(&BoardClient::new(&url), &election, 0).await;

    let from_record = |code: &str| ["ballot", "--record", path_str(&file), code].map(str::to_owned);
    let from_board =
        |code: &str| ["ballot", "--board", &url, "--election", &id, code].map(str::to_owned);
    for args in [from_record(&second).to_vec(), from_board(&second).to_vec()] {
        let mut all = vec!["--lang", "en"];
        all.extend(args.iter().map(String::as_str));
        let out = run_async(&all).await;
        assert_eq!(out.status, 0, "{out}");
        assert!(
            out.stdout
                .contains("counted: this is the ballot counted for its credential"),
            "{out}"
        );
    }
    for args in [from_record(&first).to_vec(), from_board(&first).to_vec()] {
        let mut all = vec!["--lang", "en"];
        all.extend(args.iter().map(String::as_str));
        let out = run_async(&all).await;
        assert_eq!(out.status, 3, "{out}");
        assert!(
            out.stdout.contains(&format!(
                "not counted: superseded — the same credential cast a later ballot at log entry {later}"
            )),
            "{out}"
        );
        let mut json = vec!["--json"];
        json.extend(args.iter().map(String::as_str));
        let out = run_async(&json).await;
        assert_eq!(out.status, 3, "{out}");
        assert_eq!(out.json()["standing"], "superseded");
        assert_eq!(out.json()["superseded_by"], later);
        let mut zh = vec!["--lang", "zh"];
        zh.extend(args.iter().map(String::as_str));
        let out = run_async(&zh).await;
        assert!(
            out.stdout.contains(&format!(
                "不计入：已被取代——同一凭证后来在第 {later} 条又投了一张选票"
            )),
            "{out}"
        );
    }
    for args in [
        from_record(&audited).to_vec(),
        from_board(&audited).to_vec(),
    ] {
        let mut all = vec!["--json"];
        all.extend(args.iter().map(String::as_str));
        let out = run_async(&all).await;
        assert_eq!(out.status, 3, "{out}");
        assert_eq!(out.json()["standing"], "audited");
        assert_eq!(out.json()["kind"], "audited_ballot");
    }
}

/// A season in a folder: one honest record and one whose ballot was tampered with (and the
/// checkpoint re-signed). `season` verifies both, prints one line each, names the bad one
/// as failed at step 5, and exits 1; in Chinese too; as JSON with one verdict per record.
#[test]
fn a_season_fails_if_one_record_does_and_names_it() {
    let dir = scratch("season");
    let honest = honest();
    let mut tampered = small_evaluation(
        around_now("xinzhou-2023", |doc| {
            doc.election_id = "xinzhou-tampered".into();
        }),
        &[],
    );
    let (k, _) = ballot_codes(&tampered, "ballot")[1].clone();
    let Entry::Ballot(ballot) = &mut tampered.entries[k as usize].entry else {
        unreachable!()
    };
    ballot.contests[0].selections.swap(0, 1);
    let season = dir.join("season");
    std::fs::create_dir_all(&season).unwrap();
    write(&season, "xinzhou-2023.record.jsonl", &honest.bytes());
    write(&season, "xinzhou-tampered.record.jsonl", &tampered.bytes());

    let out = run(&["--lang", "en", "season", path_str(&season)]);
    assert_eq!(out.status, 1, "{out}");
    let line = |id: &str| {
        out.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no line for {id}: {out}"))
            .to_owned()
    };
    assert!(line(&honest.election_id).contains("✓ passed"), "{out}");
    assert!(
        line("xinzhou-tampered").contains("✗ FAILED (step 5)"),
        "{out}"
    );
    assert!(out.stdout.contains("2 records, 1 failed"), "{out}");

    let zh = run(&["--lang", "zh", "season", path_str(&season)]);
    assert_eq!(zh.status, 1, "{zh}");
    assert!(zh.stdout.contains("✗ 未通过（第5步）"), "{zh}");
    assert!(zh.stdout.contains("✗ 未全部通过"), "{zh}");

    let json = run(&["--json", "season", path_str(&season)]).json();
    let verdicts: Vec<(String, String)> = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_owned(),
                l["verdict"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            (honest.election_id.clone(), "passed".to_owned()),
            ("xinzhou-tampered".to_owned(), "failed".to_owned())
        ]
    );

    // Without the tampered record the season passes.
    std::fs::remove_file(season.join("xinzhou-tampered.record.jsonl")).unwrap();
    let out = run(&["--lang", "en", "season", path_str(&season)]);
    assert_eq!(out.status, 0, "{out}");
    assert!(out.stdout.contains("✓ ALL PASSED"), "{out}");
}

/// A season on a board: every election it lists is fetched into the folder and verified.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_season_is_fetched_from_a_board_and_verified() {
    let dir = scratch("season-board");
    let server = start_board(&dir).await;
    let client = BoardClient::new(&server.url);
    let mut ids = Vec::new();
    for n in 1..=3 {
        let definition = around_now("xinzhou-2023", |doc| {
            doc.election_id = format!("season-{n}");
        });
        let election = small_evaluation(definition, &[]);
        post(&client, &election, 0).await;
        ids.push(election.election_id);
    }
    let folder = dir.join("fetched");
    let out = run_async(&[
        "--lang",
        "en",
        "season",
        &server.url,
        "--save",
        path_str(&folder),
    ])
    .await;
    assert_eq!(out.status, 0, "{out}");
    for id in &ids {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.starts_with(&format!("{id} ")) && l.contains("✓ passed")),
            "{id}: {out}"
        );
        assert!(folder.join(format!("{id}.record.jsonl")).exists());
    }
    assert!(out.stdout.contains("3 records, 0 failed"), "{out}");
}
