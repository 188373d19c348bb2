//! A trustee (监督委员会成员): takes part in the key ceremony through the board and later
//! decrypts the tally with a proof.
//!
//! The trustee's secret ceremony state (its polynomial and the shares it received) lives in
//! a state file readable only by its owner, written by `deal`, updated by `check`, and used
//! by `decrypt`; the trustee's key stays in its own key file.

use std::path::{Path, PathBuf};

use serde::Serialize;
use zhixuan_election::ElectionDefinition;
use zhixuan_record::{Entry, Message, Phase, Signed, TrusteeDecryption};
use zhixuan_tally::{Acknowledgement, CeremonyParams, SigningKey, Trustee, TrusteeIndex};

use crate::error::CliError;
use crate::keys;
use crate::messages::Lang;
use crate::output::Ui;
use crate::remote::Remote;

/// The ceremony's parameters from a definition.
pub fn ceremony_params(definition: &ElectionDefinition) -> Result<CeremonyParams, CliError> {
    let doc = definition.document();
    CeremonyParams::new(
        definition.hash(),
        doc.threshold,
        doc.trustees.iter().map(|t| t.key.clone()).collect(),
    )
    .map_err(CliError::Ceremony)
}

/// This key's trustee index in the definition.
pub fn index_of(
    definition: &ElectionDefinition,
    key: &SigningKey,
) -> Result<TrusteeIndex, CliError> {
    definition
        .document()
        .trustees
        .iter()
        .position(|t| &t.key == key.verifying_key())
        .map(|i| TrusteeIndex(i as u32 + 1))
        .ok_or_else(|| CliError::NotATrustee {
            election: definition.election_id().to_owned(),
        })
}

fn sign<T: Message>(key: &SigningKey, definition: &ElectionDefinition, body: T) -> Signed<T> {
    Signed::sign(key, &definition.hash(), body, &mut rand::rng())
}

fn restore(path: &Path, params: CeremonyParams, key: &SigningKey) -> Result<Trustee, CliError> {
    let saved = keys::read_secret(path)?;
    Trustee::restore(params, key.clone(), &saved).map_err(|source| CliError::TrusteeState {
        path: path.to_owned(),
        source,
    })
}

fn name(definition: &ElectionDefinition, index: TrusteeIndex) -> zhixuan_election::Bilingual {
    definition
        .document()
        .trustees
        .get(index.0 as usize - 1)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| zhixuan_election::Bilingual::new(index.to_string(), index.to_string()))
}

/// A dealing published.
#[derive(Clone, Debug, Serialize)]
pub struct Dealt {
    /// The election's id.
    pub election: String,
    /// This trustee's number in the definition (from 1).
    pub trustee: TrusteeIndex,
    /// This trustee's name as the definition gives it, in Chinese and English.
    pub name: zhixuan_election::Bilingual,
    /// The state file holding this trustee's secrets.
    pub state: PathBuf,
    /// Whether the dealing was already on the board (nothing was sent again).
    pub already_published: bool,
}

impl Dealt {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match (lang, self.already_published) {
            (Lang::Zh, false) => format!(
                "监督委员 {}（{}）已在公告栏公布密钥分发（承诺与加密份额）\n机密状态文件：{}（仅本人可读，请妥善保管直到解密完成）\n下一步：所有监督委员分发后，运行 zhixuan trustee check",
                self.trustee, self.name.zh, self.state.display()
            ),
            (Lang::En, false) => format!(
                "Trustee {} ({}) published its dealing (commitments and encrypted shares)\nsecret state: {} (readable only by you; keep it until decryption is done)\nNext: once every trustee has dealt, run zhixuan trustee check",
                self.trustee, self.name.en, self.state.display()
            ),
            (Lang::Zh, true) => format!(
                "监督委员 {} 的密钥分发已经在公告栏上；状态文件：{}",
                self.trustee, self.state.display()
            ),
            (Lang::En, true) => format!(
                "Trustee {}'s dealing is already on the board; state file: {}",
                self.trustee, self.state.display()
            ),
        }
    }
}

/// Deals: creates this trustee's secret polynomial, saves it in a new state file, and
/// publishes the commitments and the encrypted shares. Run again after a failed publish,
/// it publishes from the saved state.
pub async fn deal(
    remote: &Remote,
    key: &SigningKey,
    election: &str,
    state_path: &Path,
) -> Result<Dealt, CliError> {
    let setup = remote.setup(election).await?;
    let definition = &setup.definition;
    if setup.election_key.is_some() {
        return Err(CliError::Phase {
            election: election.to_owned(),
            phase: Phase::Voting,
            needed: Phase::Setup,
        });
    }
    let params = ceremony_params(definition)?;
    let index = index_of(definition, key)?;
    let on_board = setup.dealings.iter().any(|d| d.dealer == index);
    let exists = state_path.exists();
    let done = |already_published| Dealt {
        election: election.to_owned(),
        trustee: index,
        name: name(definition, index),
        state: state_path.to_owned(),
        already_published,
    };
    match (on_board, exists) {
        (true, true) => {
            // Checks that the state is this trustee's and matches what the board holds.
            let mut trustee = restore(state_path, params, key)?;
            if let Some(d) = setup.dealings.iter().find(|d| d.dealer == index) {
                trustee
                    .receive(d, &mut rand::rng())
                    .map_err(CliError::Ceremony)?;
            }
            Ok(done(true))
        }
        (true, false) => Err(CliError::usage(
            format!(
                "监督委员 {index} 的密钥分发已在公告栏上，但状态文件 {} 不存在；没有它就无法解密——请在最初运行 `deal` 的地方找到该文件",
                state_path.display()
            ),
            format!(
                "trustee {index}'s dealing is already on the board, but the state file {} does not exist; without it this trustee cannot decrypt — look for the file where `deal` first ran",
                state_path.display()
            ),
        )),
        (false, exists) => {
            let trustee = if exists {
                restore(state_path, params, key)?
            } else {
                let trustee =
                    Trustee::new(params, index, key.clone(), &mut rand::rng()).map_err(CliError::Ceremony)?;
                // Saved before publishing: a dealing whose polynomial was lost would leave
                // this trustee unable to decrypt.
                keys::write_new(state_path, &trustee.save())?;
                trustee
            };
            let dealing = trustee.dealing(&mut rand::rng());
            let entry = Entry::Dealing(sign(key, definition, dealing));
            remote.append(election, &entry).await?;
            Ok(done(false))
        }
    }
}

/// What a trustee found about one dealer's share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareStatus {
    /// This trustee's own dealing, as it made it.
    Own,
    /// The share matches the dealer's commitments.
    Good,
    /// The share does not match: a complaint is on the board.
    Complained,
    /// The dealer has not dealt yet.
    Waiting,
}

/// The shares checked.
#[derive(Clone, Debug, Serialize)]
pub struct Checked {
    /// The election's id.
    pub election: String,
    /// This trustee's number in the definition (from 1).
    pub trustee: TrusteeIndex,
    /// Every trustee of the election, by number, and what became of the share it dealt
    /// to this one.
    pub dealers: Vec<(TrusteeIndex, ShareStatus)>,
}

impl Checked {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = match lang {
            Lang::Zh => format!("监督委员 {} 核查收到的份额：", self.trustee),
            Lang::En => format!("Trustee {} checked the shares it received:", self.trustee),
        };
        for (dealer, status) in &self.dealers {
            let what = match status {
                ShareStatus::Own => lang.pick("本人的分发，与保存的一致", "own dealing, as made"),
                ShareStatus::Good => lang.pick(
                    "份额正确，已在公告栏确认",
                    "share correct: acknowledged on the board",
                ),
                ShareStatus::Complained => lang.pick(
                    "份额与承诺不符，已在公告栏公布投诉",
                    "share does not match the commitments: complaint published",
                ),
                ShareStatus::Waiting => lang.pick("尚未分发", "has not dealt yet"),
            };
            out.push_str(&format!("\n  {dealer}: {what}"));
        }
        if self.dealers.iter().any(|(_, s)| *s == ShareStatus::Waiting) {
            out.push_str(lang.pick(
                "\n尚有监督委员未分发；他们分发后请再运行一次本命令，投票须待每份分发都得到答复后才能开始。",
                "\nSome trustees have not dealt yet: run this command again once they have; voting cannot open until every dealing is answered.",
            ));
        }
        out
    }
}

/// Checks the shares the other trustees dealt to this one, keeps the good ones in the
/// state file, and answers each dealing on the board: an acknowledgement of a good share, a
/// complaint against a wrong one. Voting cannot open before every trustee that dealt has
/// answered every other dealing (`spec/board.md` §5), so a trustee runs this again once the
/// dealers it is still waiting for have dealt. Answers already on the board are not sent
/// again, so a rerun after a lost reply finishes what the first run started.
pub async fn check(
    remote: &Remote,
    key: &SigningKey,
    election: &str,
    state_path: &Path,
) -> Result<Checked, CliError> {
    let setup = remote.setup(election).await?;
    let definition = &setup.definition;
    let params = ceremony_params(definition)?;
    let index = index_of(definition, key)?;
    let mut trustee = restore(state_path, params.clone(), key)?;
    let answered = |dealer: TrusteeIndex| {
        setup
            .complaints
            .iter()
            .any(|c| c.dealer == dealer && c.recipient == index)
            || setup
                .acknowledgements
                .iter()
                .any(|a| a.dealer == dealer && a.recipient == index)
    };
    let mut dealers = Vec::new();
    let mut answers = Vec::new();
    for dealer in params.indices() {
        let Some(dealing) = setup.dealings.iter().find(|d| d.dealer == dealer) else {
            dealers.push((dealer, ShareStatus::Waiting));
            continue;
        };
        let complaint = trustee
            .receive(dealing, &mut rand::rng())
            .map_err(CliError::Ceremony)?;
        let status = match complaint {
            None if dealer == index => ShareStatus::Own,
            None => {
                if !answered(dealer) && setup.election_key.is_none() {
                    let ack = Acknowledgement::new(dealing, index);
                    answers.push(Entry::Acknowledgement(sign(key, definition, ack)));
                }
                ShareStatus::Good
            }
            Some(complaint) => {
                if !answered(dealer) {
                    if setup.election_key.is_some() {
                        return Err(CliError::Phase {
                            election: election.to_owned(),
                            phase: Phase::Voting,
                            needed: Phase::Setup,
                        });
                    }
                    answers.push(Entry::Complaint(sign(key, definition, complaint)));
                }
                ShareStatus::Complained
            }
        };
        dealers.push((dealer, status));
    }
    // The shares are kept before anything is sent: a lost reply loses nothing.
    keys::replace(state_path, &trustee.save())?;
    for entry in &answers {
        remote.append(election, entry).await?;
    }
    Ok(Checked {
        election: election.to_owned(),
        trustee: index,
        dealers,
    })
}

/// A partial decryption published.
#[derive(Clone, Debug, Serialize)]
pub struct Decrypted {
    /// The election's id.
    pub election: String,
    /// This trustee's number in the definition (from 1).
    pub trustee: TrusteeIndex,
    /// Trustees who have decrypted, this one included.
    pub decrypted_by: Vec<TrusteeIndex>,
    /// How many trustees must decrypt before the organiser can compute the result.
    pub threshold: u32,
    /// How many ciphertexts of the tally this run decrypted; 0 when nothing was sent.
    pub ciphertexts: usize,
    /// Whether this trustee's partial decryption was on the board already (nothing sent).
    pub already_published: bool,
}

impl Decrypted {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let have = self.decrypted_by.len();
        let ready = have >= self.threshold as usize;
        match (lang, self.already_published) {
            (Lang::Zh, true) => format!(
                "监督委员 {} 的部分解密已经在公告栏上，无需再做\n已解密的监督委员：{} / 门限 {}{}",
                self.trustee,
                have,
                self.threshold,
                if ready { "；组织者现在可以公布结果（zhixuan organiser result）" } else { "" }
            ),
            (Lang::En, true) => format!(
                "Trustee {}'s partial decryption is already on the board; nothing more to do\ntrustees who decrypted: {} of threshold {}{}",
                self.trustee,
                have,
                self.threshold,
                if ready { "; the organiser can now publish the result (zhixuan organiser result)" } else { "" }
            ),
            (lang, false) => match lang {
            Lang::Zh => format!(
                "监督委员 {} 核查了所有选票与加密计票结果，已公布 {} 个密文的部分解密及证明\n已解密的监督委员：{} / 门限 {}{}",
                self.trustee,
                self.ciphertexts,
                have,
                self.threshold,
                if ready { "；组织者现在可以公布结果（zhixuan organiser result）" } else { "" }
            ),
            Lang::En => format!(
                "Trustee {} checked every ballot and the encrypted tally, and published its partial decryption of {} ciphertexts with proofs\ntrustees who decrypted: {} of threshold {}{}",
                self.trustee,
                self.ciphertexts,
                have,
                self.threshold,
                if ready { "; the organiser can now publish the result (zhixuan organiser result)" } else { "" }
            ),
            },
        }
    }
}

/// Decrypts the published tally with this trustee's share, after checking the whole log
/// (so that it never decrypts anything but the sum of the counted ballots), and publishes
/// the partial decryption with its proofs.
pub async fn decrypt(
    remote: &Remote,
    key: &SigningKey,
    election: &str,
    state_path: &Path,
    ui: &Ui,
) -> Result<Decrypted, CliError> {
    // The state file is read first: a problem with it should not wait for the log's check.
    let saved = keys::read_secret(state_path)?;
    // Once decided, this trustee's decryption may be on the board already: said so below.
    if remote.info(election).await?.phase != Phase::Decided {
        remote.expect_phase(election, Phase::Tallied).await?;
    }
    let state = remote.replay(election, ui).await?;
    let definition = state.definition().clone();
    let index = index_of(&definition, key)?;
    let done = state.decrypted_by().contains(&index);
    if state.phase() != Phase::Tallied && !done {
        return Err(CliError::Phase {
            election: election.to_owned(),
            phase: state.phase(),
            needed: Phase::Tallied,
        });
    }
    if done {
        // Run again (an answer lost, or a second try by mistake): done already.
        return Ok(Decrypted {
            election: election.to_owned(),
            trustee: index,
            decrypted_by: state.decrypted_by(),
            threshold: definition.document().threshold,
            ciphertexts: 0,
            already_published: true,
        });
    }
    let (Some(ceremony), Some(tally)) = (state.ceremony(), state.tally()) else {
        return Err(CliError::BoardLog {
            election: election.to_owned(),
            problem: "tallied without a ceremony result or a tally".into(),
        });
    };
    let params = ceremony_params(&definition)?;
    let mut trustee =
        Trustee::restore(params, key.clone(), &saved).map_err(|source| CliError::TrusteeState {
            path: state_path.to_owned(),
            source,
        })?;
    drop(saved);
    // A trustee that skipped `check` (or ran it before every dealer had dealt) takes the
    // qualified dealers' shares now; it can no longer complain, so a wrong one is an error.
    let setup = remote.setup(election).await?;
    for dealer in &ceremony.qualified {
        if trustee.received_from().any(|d| d == *dealer) {
            continue;
        }
        if let Some(dealing) = setup.dealings.iter().find(|d| d.dealer == *dealer) {
            if trustee
                .receive(dealing, &mut rand::rng())
                .map_err(CliError::Ceremony)?
                .is_some()
            {
                return Err(CliError::Ceremony(zhixuan_tally::CeremonyError::BadShare {
                    dealer: *dealer,
                    recipient: index,
                }));
            }
        }
    }
    let share = trustee.finish(ceremony).map_err(CliError::Ceremony)?;
    let hash = definition.hash();
    let mut ciphertexts = 0;
    let groups = tally
        .groups
        .iter()
        .map(|g| {
            let cts = g.tally.ciphertexts();
            ciphertexts += cts.len();
            share.decrypt(&hash, &cts, &mut rand::rng())
        })
        .collect();
    let body = TrusteeDecryption {
        trustee: index,
        groups,
    };
    let entry = Entry::PartialDecryption(sign(key, &definition, body));
    remote.append(election, &entry).await?;
    keys::replace(state_path, &trustee.save())?;
    let mut decrypted_by = state.decrypted_by();
    decrypted_by.push(index);
    decrypted_by.sort();
    Ok(Decrypted {
        election: election.to_owned(),
        trustee: index,
        decrypted_by,
        threshold: definition.document().threshold,
        ciphertexts,
        already_published: false,
    })
}
