//! What a procedure command signs is saved before it is sent (`spec/procedure.md` §6: "a
//! sender keeps what it signed until it has the answer"). Each entry has a file of its own
//! in the command's folder (`--dir`, by default `procedure-<id>/`), named by its stage and
//! kind, and by the person or text it concerns where a stage takes several. A rerun of the
//! same command finds the file, and — if it holds the same body — sends those very bytes
//! again: the board recognises the resend and answers with the first acknowledgement, so
//! nothing is published twice and an answer lost on the way back loses nothing.
//!
//! A saved entry whose body differs from the one asked for now (a corrected name, say) is
//! replaced only if the board's log does not hold it; one the board holds is final.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zhixuan_election::ProcedurePlan;
use zhixuan_record::client::ClientError;
use zhixuan_record::{verify_inclusion, Ack, Message, ProcedureEntry, Signed};
use zhixuan_tally::{Encode, SigningKey};

use super::board::OnBoard;
use crate::error::{io_error, CliError};
use crate::keys;
use crate::output::Ui;
use crate::remote::{checked_checkpoint, Remote};

/// The folder for a procedure's saved entries: `--dir`, or `procedure-<id>`.
pub fn folder(given: Option<&Path>, procedure: &str) -> PathBuf {
    given.map_or_else(
        || PathBuf::from(format!("procedure-{procedure}")),
        Path::to_owned,
    )
}

/// The first 8 hex digits of the hash of a body's canonical encoding: names the file of an
/// entry a stage may take several of from one signer (statements, objections).
pub fn short_hash(body: &impl Encode) -> String {
    hex::encode(&Sha256::digest(body.to_canonical_bytes())[..4])
}

/// Where an entry went.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Sent {
    /// Its index on the procedure's log.
    pub index: u64,
    /// It was on the board before this command sent it (a rerun).
    pub already: bool,
    /// The file it is saved in.
    pub saved: PathBuf,
    /// The size of the signed checkpoint its inclusion proof was checked against.
    pub checkpoint_size: u64,
}

/// One entry to publish: its body, who signs it and how it is wrapped.
pub struct Outgoing<'a, T> {
    /// The procedure's plan (its hash is signed).
    pub plan: &'a ProcedurePlan,
    /// The file name in the folder.
    pub name: String,
    /// The signer.
    pub key: &'a SigningKey,
    /// The body.
    pub body: T,
    /// The entry of a signed body.
    pub wrap: fn(Signed<T>) -> ProcedureEntry,
}

fn read_saved(path: &Path) -> Result<Option<ProcedureEntry>, CliError> {
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(io_error(path, "reading"))?;
    serde_json::from_str(&text).map(Some).map_err(|e| {
        CliError::usage(
            format!(
                "{} 不是本程序保存的条目（{e}）；请把它移走后再运行",
                path.display()
            ),
            format!(
                "{} is not an entry this program saved ({e}); move it away and run again",
                path.display()
            ),
        )
    })
}

fn json(entry: &ProcedureEntry) -> Result<Vec<u8>, CliError> {
    serde_json::to_vec_pretty(entry).map_err(|e| CliError::Internal(e.to_string()))
}

/// The signed entry to send: the saved one if it has this body, else a new signature,
/// saved before it is returned.
fn signed_and_saved<T: Message + PartialEq + Clone>(
    out: Outgoing<'_, T>,
    dir: &Path,
    on_board: Option<&OnBoard>,
    ui: &Ui,
) -> Result<(ProcedureEntry, PathBuf), CliError> {
    let path = dir.join(&out.name);
    let saved = read_saved(&path)?;
    if let Some(saved) = &saved {
        // Same body, same signer: the saved signature over it is reused.
        let candidate = (out.wrap)(Signed {
            body: out.body.clone(),
            signature: signature_of(saved).clone(),
        });
        if candidate == *saved {
            return Ok((candidate, path));
        }
        if let Some(index) = on_board.and_then(|b| b.find(saved)) {
            return Err(CliError::usage(
                format!(
                    "{} 中保存的另一份条目已在公告栏上（第 {index} 条），不能更改；它就是公布的内容",
                    path.display()
                ),
                format!(
                    "another entry, saved in {}, is on the board already (entry {index}) and cannot be changed: it is what was published",
                    path.display()
                ),
            ));
        }
    }
    let entry = (out.wrap)(super::sign(out.plan, out.key, out.body));
    let bytes = json(&entry)?;
    if saved.is_some() {
        ui.note(
            &format!(
                "{} 中保存的条目不在公告栏上，已换成新的条目",
                path.display()
            ),
            &format!(
                "the entry saved in {} is not on the board; it is replaced by the new one",
                path.display()
            ),
        );
        keys::replace(&path, &bytes)?;
    } else {
        if let Some(parent) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io_error(parent, "creating the folder"))?;
        }
        keys::write_new(&path, &bytes)?;
    }
    Ok((entry, path))
}

fn signature_of(entry: &ProcedureEntry) -> &zhixuan_tally::Signature {
    match entry {
        ProcedureEntry::Plan(s) => &s.signature,
        ProcedureEntry::Announcement(s) => &s.signature,
        ProcedureEntry::Registration(s) => &s.signature,
        ProcedureEntry::ReviewDecision(s) => &s.signature,
        ProcedureEntry::Objection(s) => &s.signature,
        ProcedureEntry::ObjectionAnswer(s) => &s.signature,
        ProcedureEntry::LotReveal(s) => &s.signature,
        ProcedureEntry::StageElection(s) => &s.signature,
        ProcedureEntry::Decision(s) => &s.signature,
        ProcedureEntry::Petition(s) => &s.signature,
        ProcedureEntry::Endorsement(s) => &s.signature,
        ProcedureEntry::Statement(s) => &s.signature,
        ProcedureEntry::StageClose(s) => &s.signature,
    }
}

/// Signs (or takes the saved signature of) `out`, saves it in `dir`, sends it and checks
/// the acknowledgement: its checkpoint signed by the board for this procedure, the entry
/// under it, and the entry at that index this very entry.
pub async fn publish<T: Message + PartialEq + Clone>(
    remote: &Remote,
    on_board: Option<&OnBoard>,
    dir: &Path,
    out: Outgoing<'_, T>,
    ui: &Ui,
) -> Result<Sent, CliError> {
    let id = out.plan.procedure_id().to_owned();
    let (entry, saved) = signed_and_saved(out, dir, on_board, ui)?;
    let before = on_board.and_then(|b| b.find(&entry));
    let kind = entry.kind();
    let answer = match &entry {
        ProcedureEntry::Plan(plan) => remote.client().create_procedure(plan).await,
        other => remote.client().append_procedure(&id, other).await,
    };
    let ack = answer.map_err(|e| match e {
        refused @ ClientError::Refused { .. } => remote.error(Some(kind))(refused),
        lost => CliError::EntryUnanswered {
            saved: saved.clone(),
            source: Box::new(remote.error(Some(kind))(lost)),
        },
    })?;
    let checkpoint_size = check_ack(remote, &id, &entry, &ack).await?;
    if let Some(index) = before.filter(|i| *i != ack.index) {
        return Err(CliError::Proof(format!(
            "the board acknowledged entry {} of `{id}`, but this entry is entry {index}",
            ack.index
        )));
    }
    Ok(Sent {
        index: ack.index,
        already: before.is_some(),
        saved,
        checkpoint_size,
    })
}

/// Checks an acknowledgement of `entry` on procedure `id`; returns the checkpoint's size.
async fn check_ack(
    remote: &Remote,
    id: &str,
    entry: &ProcedureEntry,
    ack: &Ack,
) -> Result<u64, CliError> {
    let verifier = remote.verifier().await?;
    let (size, root) = checked_checkpoint(&ack.checkpoint, &verifier, id)?;
    verify_inclusion(&ack.leaf_hash, ack.index, size, &ack.inclusion_proof, &root)
        .map_err(|e| CliError::Proof(format!("the entry's inclusion proof: {e}")))?;
    let page = remote
        .client()
        .procedure_entries(id, ack.index, 1)
        .await
        .map_err(remote.error(None))?;
    match page.entries.first() {
        Some(stored)
            if stored.index == ack.index
                && stored.entry == *entry
                && stored.leaf_hash() == ack.leaf_hash =>
        {
            Ok(size)
        }
        _ => Err(CliError::Proof(format!(
            "entry {} of `{id}`, which the board acknowledged, is not the entry sent",
            ack.index
        ))),
    }
}

/// Whether the file at `path` holds exactly `entry`.
pub fn holds(path: &Path, entry: &ProcedureEntry) -> Result<bool, CliError> {
    Ok(read_saved(path)?.as_ref() == Some(entry))
}
