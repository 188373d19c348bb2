//! Many voters at once: `zhixuan simulate` casts random valid ballots from the slips of a
//! rehearsal election through many concurrent clients, for rehearsals and load tests; the
//! demo casts its planned ballots the same way.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use rand::RngExt;
use serde::Serialize;
use zhixuan_tally::{BallotStyle, CredentialSecret};

use crate::error::CliError;
use crate::messages::Lang;
use crate::output::Ui;
use crate::remote::Remote;
use crate::slips;
use crate::voter::{self, Receipt, Voting};

/// One voter's part in a run.
pub struct PlannedVoter {
    /// The voter's secret credential, from a slip.
    pub credential: CredentialSecret,
    /// The ballot's marks: for each contest of the voter's ballot, in order, how many marks
    /// each option gets (0 for none).
    pub choices: Vec<Vec<u32>>,
    /// Audit a ballot with these choices first, then cast.
    pub audit_first: bool,
    /// Cast a ballot with these choices first, then the real one (where the last ballot
    /// counts).
    pub revote_from: Option<Vec<Vec<u32>>>,
}

/// What became of every voter of a run.
pub struct Cast {
    /// The receipt of each voter's counted ballot, or why it failed.
    pub results: Vec<Result<Receipt, CliError>>,
    /// Receipts of audited ballots.
    pub audits: Vec<Receipt>,
    /// Receipts of ballots later replaced.
    pub replaced: Vec<Receipt>,
    /// How long casting took, in seconds of wall-clock time.
    pub seconds: f64,
}

/// Casts every planned voter's ballot, `concurrency` at a time.
pub async fn cast_all(
    remote: &Remote,
    voting: &Arc<Voting>,
    voters: Vec<PlannedVoter>,
    concurrency: usize,
    ui: &Ui,
) -> Cast {
    let started = Instant::now();
    let bar = ui.bar(voters.len() as u64, ui.lang.pick("投票", "casting ballots"));
    let permits = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for voter in voters {
        let (remote, voting, permits) = (remote.clone(), Arc::clone(voting), Arc::clone(&permits));
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let mut audits = Vec::new();
            let mut replaced = Vec::new();
            if voter.audit_first {
                let receipt = voter::vote(
                    &remote,
                    &voting,
                    voter.credential.clone(),
                    voter.choices.clone(),
                    true,
                )
                .await?;
                audits.push(receipt);
            }
            if let Some(first) = voter.revote_from {
                replaced.push(
                    voter::vote(&remote, &voting, voter.credential.clone(), first, false).await?,
                );
            }
            let receipt =
                voter::vote(&remote, &voting, voter.credential, voter.choices, false).await?;
            Ok::<_, CliError>((receipt, audits, replaced))
        });
    }
    let mut cast = Cast {
        results: Vec::new(),
        audits: Vec::new(),
        replaced: Vec::new(),
        seconds: 0.0,
    };
    while let Some(done) = tasks.join_next().await {
        bar.inc(1);
        match done {
            Ok(Ok((receipt, audits, replaced))) => {
                cast.results.push(Ok(receipt));
                cast.audits.extend(audits);
                cast.replaced.extend(replaced);
            }
            Ok(Err(e)) => cast.results.push(Err(e)),
            Err(e) => cast.results.push(Err(CliError::Internal(e.to_string()))),
        }
    }
    bar.finish_and_clear();
    cast.seconds = started.elapsed().as_secs_f64();
    cast
}

/// Random valid selections for a ballot style: for each question a random number of marks
/// within its bounds, on random options within their limits.
pub fn random_choices(style: &BallotStyle) -> Vec<Vec<u32>> {
    let mut rng = rand::rng();
    style
        .contests()
        .iter()
        .map(|c| {
            let spec = &c.spec;
            let mut marks = vec![0u32; spec.option_limits.len()];
            let capacity: u32 = spec.option_limits.iter().sum();
            let wanted = rng.random_range(spec.min_total..=spec.max_total.min(capacity));
            for _ in 0..wanted {
                let open: Vec<usize> = (0..marks.len())
                    .filter(|&o| marks[o] < spec.option_limits[o])
                    .collect();
                if open.is_empty() {
                    break;
                }
                marks[open[rng.random_range(0..open.len())]] += 1;
            }
            marks
        })
        .collect()
}

/// A rehearsal's results.
#[derive(Clone, Debug, Serialize)]
pub struct Simulated {
    /// The election's id.
    pub election: String,
    /// How many voters took part (one per slip, or `--voters`).
    pub voters: usize,
    /// How many of their ballots the board accepted.
    pub cast: usize,
    /// How many ballots were audited before casting.
    pub audited: usize,
    /// Refusals by the board's code (or `error` for other failures).
    pub refused: BTreeMap<String, usize>,
    /// How long casting took, in seconds of wall-clock time.
    pub seconds: f64,
    /// Accepted ballots per second of that time.
    pub ballots_per_second: f64,
    /// One failure message, for the first of each code.
    pub examples: Vec<String>,
}

impl Simulated {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = match lang {
            Lang::Zh => format!(
                "选举 `{}`：{} 位模拟选民，{} 张选票被接受，{} 张核验选票，用时 {:.1} 秒（每秒 {:.0} 张）",
                self.election, self.voters, self.cast, self.audited, self.seconds, self.ballots_per_second
            ),
            Lang::En => format!(
                "`{}`: {} simulated voters, {} ballots accepted, {} audited, in {:.1} s ({:.0} ballots/s)",
                self.election, self.voters, self.cast, self.audited, self.seconds, self.ballots_per_second
            ),
        };
        for (code, n) in &self.refused {
            out.push_str(&format!(
                "\n  {} {code}: {n}",
                lang.pick("被拒绝", "refused")
            ));
        }
        for e in &self.examples {
            out.push_str(&format!("\n  {e}"));
        }
        out
    }
}

/// What `zhixuan simulate` is asked to do.
pub struct SimulateRequest {
    /// The election's id.
    pub election: String,
    /// The slip code lists (…slips.txt) whose credentials vote.
    pub slips: Vec<PathBuf>,
    /// How many of those voters vote; none for all of them.
    pub voters: Option<usize>,
    /// How many clients cast at once.
    pub concurrency: usize,
    /// Every how many voters one audits first (0: none).
    pub audit_every: usize,
}

/// Casts random valid ballots with the credentials of slip files.
pub async fn simulate(
    remote: &Remote,
    request: &SimulateRequest,
    ui: &Ui,
) -> Result<Simulated, CliError> {
    let voting = Voting::fetch(remote, &request.election).await?;
    let hash = voting.definition().hash();
    let mut planned = Vec::new();
    for path in &request.slips {
        for slip in slips::read(path)? {
            if let Some(e) = &slip.election {
                if e != &request.election {
                    return Err(CliError::credential(
                        format!(
                            "{} 中的凭证属于 `{e}`，不是 `{}`",
                            path.display(),
                            request.election
                        ),
                        format!(
                            "{} holds slips for `{e}`, not `{}`",
                            path.display(),
                            request.election
                        ),
                    ));
                }
            }
            let credential = slip.code.credential(&hash)?;
            let (_, style) = voting.ballot_of(&credential)?;
            let choices = random_choices(style);
            planned.push(PlannedVoter {
                credential,
                choices,
                audit_first: false,
                revote_from: None,
            });
        }
    }
    if let Some(n) = request.voters {
        if n > planned.len() {
            return Err(CliError::usage(
                format!("--voters {n} 多于给出的 {} 张凭证", planned.len()),
                format!(
                    "--voters {n} is more than the {} slips given",
                    planned.len()
                ),
            ));
        }
        planned.truncate(n);
    }
    if request.audit_every > 0 {
        for v in planned.iter_mut().step_by(request.audit_every) {
            v.audit_first = true;
        }
    }
    let voters = planned.len();
    let cast = cast_all(remote, &voting, planned, request.concurrency, ui).await;
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples = Vec::new();
    let mut accepted = 0;
    for r in &cast.results {
        match r {
            Ok(_) => accepted += 1,
            Err(e) => {
                let code = e.code().unwrap_or("error").to_owned();
                if !refused.contains_key(&code) {
                    examples.push(e.message(ui.lang));
                }
                *refused.entry(code).or_default() += 1;
            }
        }
    }
    Ok(Simulated {
        election: request.election.clone(),
        voters,
        cast: accepted,
        audited: cast.audits.len(),
        refused,
        seconds: cast.seconds,
        ballots_per_second: accepted as f64 / cast.seconds.max(1e-9),
        examples,
    })
}
