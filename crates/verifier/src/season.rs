//! A season: every election (and procedure) a board lists, or every record in a folder,
//! verified in parallel, with one line per log and one verdict (`spec/verification.md` §10).
//!
//! Each election is verified exactly as `verify_record` verifies it alone; a procedure is
//! verified with the reports of the season's elections, as `verify_procedure` takes them.
//! Records are verified on std threads, as many as the machine has cores; each record's
//! ballots are batch-verified on the shared rayon pool as usual.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;
use thiserror::Error;
use zhixuan_election::{Bilingual, Lang};
use zhixuan_record::client::blocking::BoardClient;
use zhixuan_record::client::ClientError;

use crate::fetch::{fetch_record, FetchError};
use crate::procedure::verify_procedure;
use crate::replay::{verify_record, Options};
use crate::report::{Report, Status};

/// What kind of log a line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    /// An election's log.
    Election,
    /// A procedure's log (`spec/procedure.md`).
    Procedure,
}

/// The verdict on one log of the season.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict", content = "detail")]
pub enum Verdict {
    /// Every step passed.
    Passed,
    /// A step failed: the first failing step's number.
    Failed(u8),
    /// The record could not be fetched or read: why.
    Unreadable(String),
}

/// One line of the season's table.
#[derive(Clone, Debug, Serialize)]
pub struct SeasonLine {
    /// The election's or procedure's id.
    pub id: String,
    /// Which kind of log.
    pub log: LogKind,
    /// Its title, once read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Bilingual>,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Ballots counted (an election's; 0 for a procedure).
    pub ballots: u64,
    /// Time spent verifying it (fetching included), in seconds.
    pub seconds: f64,
}

/// The season's verification: one line per log, in id order, elections first.
#[derive(Clone, Debug, Serialize)]
pub struct SeasonReport {
    /// One line per log.
    pub lines: Vec<SeasonLine>,
    /// Wall time of the whole season, in seconds.
    pub seconds: f64,
    /// How many records were verified at once.
    pub threads: usize,
}

/// The season could not be listed at all (as opposed to a log that does not verify, which
/// is a line of the report).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SeasonError {
    /// The folder could not be read.
    #[error("cannot read the folder {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The folder holds no record file (`*.jsonl`).
    #[error("the folder {0} holds no record file (*.jsonl)")]
    Empty(PathBuf),
    /// The board's lists of elections and procedures could not be read.
    #[error("cannot list the board's elections and procedures: {0}")]
    Board(#[from] ClientError),
}

/// One record to verify: where it is (or is to be fetched to), and its id once known.
struct Job {
    id: String,
    log: LogKind,
    path: PathBuf,
    /// Fetch it from this board first.
    board: Option<String>,
}

impl SeasonReport {
    /// Whether every log of the season verifies.
    pub fn passed(&self) -> bool {
        self.lines.iter().all(|l| l.verdict == Verdict::Passed)
    }

    /// Ballots counted over the season.
    pub fn ballots(&self) -> u64 {
        self.lines.iter().map(|l| l.ballots).sum()
    }

    /// The table for people: one line per log, then the season's verdict.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            lang.pick("直选验证：一季的选举", "Zhixuan verification: a season")
        );
        let _ = writeln!(
            out,
            "{:<36} {:<9} {:<20} {:>8} {:>8}  {}",
            lang.pick("编号", "id"),
            lang.pick("类别", "kind"),
            lang.pick("结论", "verdict"),
            lang.pick("选票", "ballots"),
            lang.pick("秒", "seconds"),
            lang.pick("名称", "name"),
        );
        for line in &self.lines {
            let kind = match line.log {
                LogKind::Election => lang.pick("选举", "election"),
                LogKind::Procedure => lang.pick("程序", "procedure"),
            };
            let verdict = match (&line.verdict, lang) {
                (Verdict::Passed, _) => lang.pick("✓ 通过", "✓ passed").to_owned(),
                (Verdict::Failed(step), Lang::Zh) => format!("✗ 未通过（第{step}步）"),
                (Verdict::Failed(step), Lang::En) => format!("✗ FAILED (step {step})"),
                (Verdict::Unreadable(_), _) => lang.pick("✗ 无法读取", "✗ unreadable").to_owned(),
            };
            let name = match (&line.verdict, &line.title) {
                (Verdict::Unreadable(why), _) => why.clone(),
                (_, Some(t)) => lang.pick(&t.zh, &t.en).to_owned(),
                (_, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "{:<36} {:<9} {:<20} {:>8} {:>8.2}  {name}",
                line.id, kind, verdict, line.ballots, line.seconds
            );
        }
        let failed = self
            .lines
            .iter()
            .filter(|l| l.verdict != Verdict::Passed)
            .count();
        let total = self.lines.len();
        let _ =
            match lang {
                Lang::Zh => {
                    writeln!(
                out,
                "{}：{total} 份记录，{failed} 份未通过，共 {} 张选票，{:.1} 秒（{} 个并行）",
                if failed == 0 { "✓ 全部通过" } else { "✗ 未全部通过" },
                self.ballots(),
                self.seconds,
                self.threads
            )
                }
                Lang::En => writeln!(
                    out,
                    "{}: {total} records, {failed} failed, {} ballots, {:.1} s ({} at once)",
                    if failed == 0 {
                        "✓ ALL PASSED"
                    } else {
                        "✗ NOT ALL PASSED"
                    },
                    self.ballots(),
                    self.seconds,
                    self.threads
                ),
            };
        out
    }
}

/// Verifies every record file (`*.jsonl`) in `folder`: elections, then procedures with the
/// elections' reports.
pub fn verify_season_folder(folder: &Path, options: &Options) -> Result<SeasonReport, SeasonError> {
    let folder_error = |source| SeasonError::Folder {
        path: folder.to_owned(),
        source,
    };
    let mut jobs = Vec::new();
    for item in std::fs::read_dir(folder).map_err(folder_error)? {
        let path = item.map_err(folder_error)?.path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().trim_end_matches(".record").to_owned())
                .unwrap_or_default();
            let log = if first_kind(&path).as_deref() == Some("plan") {
                LogKind::Procedure
            } else {
                LogKind::Election
            };
            jobs.push(Job {
                id,
                log,
                path,
                board: None,
            });
        }
    }
    if jobs.is_empty() {
        return Err(SeasonError::Empty(folder.to_owned()));
    }
    Ok(run(jobs, options))
}

/// Fetches every election and procedure `url` lists into `folder` (an interrupted fetch
/// resumes from what it kept there), and verifies each.
pub fn verify_season_board(
    url: &str,
    folder: &Path,
    options: &Options,
) -> Result<SeasonReport, SeasonError> {
    std::fs::create_dir_all(folder).map_err(|source| SeasonError::Folder {
        path: folder.to_owned(),
        source,
    })?;
    let client = BoardClient::new(url);
    let job = |id: String, log| Job {
        path: folder.join(format!("{id}.record.jsonl")),
        id,
        log,
        board: Some(url.to_owned()),
    };
    let mut jobs: Vec<Job> = client
        .elections()?
        .into_iter()
        .map(|e| job(e.id, LogKind::Election))
        .collect();
    jobs.extend(
        client
            .procedures()?
            .into_iter()
            .map(|p| job(p.procedure_id, LogKind::Procedure)),
    );
    Ok(run(jobs, options))
}

/// The kind of a record's entry 0, read from its second line.
fn first_kind(path: &Path) -> Option<String> {
    let mut lines = BufReader::new(File::open(path).ok()?).lines();
    lines.next()?.ok()?;
    let entry: serde_json::Value = serde_json::from_str(&lines.next()?.ok()?).ok()?;
    entry.get("kind")?.as_str().map(str::to_owned)
}

/// Runs the elections' jobs in parallel, then the procedures' with their reports.
fn run(mut jobs: Vec<Job>, options: &Options) -> SeasonReport {
    let started = Instant::now();
    jobs.sort_by(|a, b| {
        (a.log == LogKind::Procedure, &a.id).cmp(&(b.log == LogKind::Procedure, &b.id))
    });
    let split = jobs.partition_point(|j| j.log == LogKind::Election);
    let procedures = jobs.split_off(split);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A record's own progress bar would interleave with the others': none here.
    let quiet = Options {
        progress: false,
        ..options.clone()
    };
    let elections = in_parallel(jobs, threads, |job| verify_election(job, &quiet));
    let reports: Vec<Report> = elections.iter().filter_map(|(_, r)| r.clone()).collect();
    let procedures = in_parallel(procedures, threads, |job| {
        verify_procedure_job(job, &reports, &quiet)
    });
    SeasonReport {
        lines: elections
            .into_iter()
            .map(|(line, _)| line)
            .chain(procedures)
            .collect(),
        seconds: started.elapsed().as_secs_f64(),
        threads,
    }
}

/// Maps `jobs` on up to `threads` std threads, keeping their order.
fn in_parallel<T: Send>(jobs: Vec<Job>, threads: usize, work: impl Fn(&Job) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.min(jobs.len()) {
            scope.spawn(|| loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(n) else { return };
                let out = work(job);
                if let Ok(mut done) = done.lock() {
                    done.push((n, out));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by_key(|(n, _)| *n);
    done.into_iter().map(|(_, out)| out).collect()
}

fn line(job: &Job, started: Instant) -> SeasonLine {
    SeasonLine {
        id: job.id.clone(),
        log: job.log,
        title: None,
        verdict: Verdict::Passed,
        ballots: 0,
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn first_failed(steps: &[crate::report::StepReport]) -> Verdict {
    steps
        .iter()
        .find(|s| s.status == Status::Failed)
        .map_or(Verdict::Passed, |s| Verdict::Failed(s.number))
}

fn fetched(job: &Job) -> Result<(), String> {
    let Some(url) = &job.board else {
        return Ok(());
    };
    let client = BoardClient::new(url);
    match job.log {
        LogKind::Election => fetch_record(&client, &job.id, &job.path, false)
            .map(drop)
            .map_err(|e: FetchError| e.to_string()),
        LogKind::Procedure => client
            .procedure_record(&job.id)
            .map_err(|e| e.to_string())
            .and_then(|text| std::fs::write(&job.path, text).map_err(|e| e.to_string())),
    }
}

fn open(path: &Path) -> Result<BufReader<File>, String> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn verify_election(job: &Job, options: &Options) -> (SeasonLine, Option<Report>) {
    let started = Instant::now();
    let report = fetched(job).and_then(|()| {
        verify_record(open(&job.path)?, options).map_err(|e| format!("{}: {e}", job.path.display()))
    });
    let mut line = line(job, started);
    match report {
        Ok(report) => {
            line.id.clone_from(&report.election_id);
            line.title.clone_from(&report.title);
            line.verdict = first_failed(&report.steps);
            line.ballots = report.ballots.iter().map(|g| g.counted).sum();
            (line, Some(report))
        }
        Err(why) => {
            line.verdict = Verdict::Unreadable(why);
            (line, None)
        }
    }
}

fn verify_procedure_job(job: &Job, elections: &[Report], options: &Options) -> SeasonLine {
    let started = Instant::now();
    let report = fetched(job).and_then(|()| {
        verify_procedure(open(&job.path)?, elections, options)
            .map_err(|e| format!("{}: {e}", job.path.display()))
    });
    let mut line = line(job, started);
    match report {
        Ok(report) => {
            line.id.clone_from(&report.procedure_id);
            line.title.clone_from(&report.title);
            line.verdict = first_failed(&report.steps);
        }
        Err(why) => line.verdict = Verdict::Unreadable(why),
    }
    line
}
