//! The README's walkthrough of a real election, run exactly as written: the lines of its
//! `sh` blocks between `<!-- walkthrough -->` and `<!-- /walkthrough -->` are read from
//! `README.md` (so that they cannot drift from what is tested) and run in order, each as
//! its own `zhixuan` process in one folder, against a board of the test's own. What the
//! README leaves to people is done here as it says: the board's operator starts the board
//! (here in process, its address in place of `ZHIXUAN_BOARD`'s), the organiser writes the
//! definition with the printed keys and a voting window around now, and a voter's
//! `MEMBER-SLIP-n` is the n-th slip of the members' slip list.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use time::OffsetDateTime;
use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_cli::examples::{self, ExampleName, LiveSettings};
use zhixuan_cli::keys::{self, Role};
use zhixuan_testkit::{board_signer, TempDir};

/// The walkthrough's command lines, in order.
fn walkthrough() -> Vec<String> {
    let readme = include_str!("../../../README.md");
    let start = readme
        .find("<!-- walkthrough -->")
        .expect("the walkthrough's start");
    let end = readme
        .find("<!-- /walkthrough -->")
        .expect("the walkthrough's end");
    let mut lines = Vec::new();
    let mut in_block = false;
    for line in readme[start..end].lines() {
        let line = line.trim();
        if line.starts_with("```") {
            in_block = line == "```sh";
            continue;
        }
        if in_block && !line.is_empty() && !line.starts_with('#') {
            lines.push(line.to_owned());
        }
    }
    lines
}

/// A command line split into words as a shell does for these lines: spaces, and double
/// quotes around a word with spaces or commas.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut started) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// The definition the README's step 2 asks the organiser to write, at `path`.
fn write_definition(dir: &Path, path: &Path) {
    let public = |file: &str, role| {
        keys::load(&dir.join(file), role)
            .unwrap()
            .verifying_key()
            .clone()
    };
    let example = &ExampleName::Nanjing.elections()[0];
    let definition = examples::live_definition(
        example,
        &LiveSettings {
            now: OffsetDateTime::now_utc(),
            organiser: public("organiser.key", Role::Organiser),
            trustees: (1..=5)
                .map(|i| public(&format!("trustee-{i}.key"), Role::Trustee))
                .collect(),
            scale: Some((5, examples::electorate(example).unwrap())),
            published: &[],
        },
    )
    .unwrap();
    std::fs::write(path, definition.to_json().unwrap()).unwrap();
}

/// The n-th slip (from 1) of `group`'s slip list in `dir/slips`.
fn slip(dir: &Path, election: &str, group: &str, n: usize) -> String {
    let list = dir.join(format!("slips/{election}.{group}.slips.txt"));
    let text = std::fs::read_to_string(&list).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .nth(n - 1)
        .unwrap_or_else(|| panic!("{} has no slip {n}", list.display()))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_walkthrough_runs_as_written() {
    let dir = TempDir::new("zhixuan_walkthrough");
    let store = SqliteStore::open(&dir.path().join("board.db"))
        .await
        .unwrap();
    let served = serve_local(
        Board::open(store.clone(), board_signer(6)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let lines = walkthrough();
    assert!(lines.len() > 30, "the walkthrough is there: {lines:?}");
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    let mut ran = Vec::new();
    for line in &lines {
        let mut args = words(line);
        let program = args.remove(0);
        match program.as_str() {
            // The board's operator's step: the test's own board stands in.
            "zhixuan-board" => continue,
            "export" => {
                let (key, value) = args[0].split_once('=').unwrap();
                let value = if key == "ZHIXUAN_BOARD" {
                    served.url.clone()
                } else {
                    value.to_owned()
                };
                env.insert(key.to_owned(), value);
                continue;
            }
            "zhixuan-verify" => {
                assert_eq!(args[0], "record", "{line}");
                let file = std::fs::File::open(dir.path().join(&args[1])).unwrap();
                let report = zhixuan_verify::verify_record(
                    std::io::BufReader::new(file),
                    &zhixuan_verify::Options::default(),
                )
                .unwrap();
                assert!(report.complete(), "{line}");
                ran.push(line.clone());
                continue;
            }
            "zhixuan" => {}
            other => panic!("the walkthrough runs `{other}`"),
        }
        let election = env.get("ZHIXUAN_ELECTION").cloned().unwrap_or_default();
        if args.len() > 2 && args[..2] == ["organiser", "create"] {
            let path = dir.path().join(&args[2]);
            if !path.exists() {
                write_definition(dir.path(), &path);
            }
        }
        for arg in &mut args {
            for (placeholder, group) in
                [("MEMBER-SLIP-", "members"), ("ATTENDEE-SLIP-", "attendees")]
            {
                if let Some(n) = arg.strip_prefix(placeholder) {
                    *arg = slip(dir.path(), &election, group, n.parse().unwrap());
                }
            }
        }
        let mut command = Command::new(env!("CARGO_BIN_EXE_zhixuan"));
        command
            .args(&args)
            .current_dir(dir.path())
            .envs(&env)
            .env_remove("ZHIXUAN_BALLOTS")
            .env("LANG", "en_GB.UTF-8");
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .unwrap()
            .unwrap();
        assert!(
            output.status.success(),
            "{line}\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        ran.push(line.clone());
    }
    // Every step of an election ran, the last ones included.
    for step in [
        "organiser open",
        "vote --credential",
        "organiser result",
        "zhixuan-verify",
    ] {
        assert!(ran.iter().any(|l| l.contains(step)), "no `{step}` ran");
    }
    served.stop().await.unwrap();
    store.close().await;
}
