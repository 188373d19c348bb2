//! The ballot a voter's device keeps: written before it is sent, so that an answer lost on
//! the way back loses nothing. The voter runs the same command again and the very same
//! ballot is sent again; the board answers a byte-identical resend with the first
//! acknowledgement (`spec/board.md` §5.7), so it is never cast twice and the voter learns
//! where it is. `zhixuan check --credential` finds it again from the slip.
//!
//! The file holds the cast ballot as the board will publish it (ciphertexts, proofs, the
//! credential's public key and its signature), never the choices or the credential's
//! secret; once the board has acknowledged it, also the entry's index.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zhixuan_record::Entry;
use zhixuan_tally::{Credential, TrackingCode};

use crate::error::CliError;
use crate::keys;

/// A cast ballot kept on the voter's device.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeptBallot {
    /// The election id.
    pub election: String,
    /// The ballot's tracking code, shown to the voter before it is sent.
    pub tracking_code: TrackingCode,
    /// The ballot entry, exactly as sent.
    pub entry: Entry,
    /// The entry's index, once the board has acknowledged it.
    pub acknowledged: Option<u64>,
}

/// Where the ballot of `credential` in `election` is kept under `dir`: one file per
/// credential, named by the election and the start of the credential's public key (public:
/// it is on the board's list).
pub fn path(dir: &Path, election: &str, credential: &Credential) -> PathBuf {
    let public = hex::encode(credential.point().as_bytes());
    dir.join(format!("{election}.{}.ballot.json", &public[..16]))
}

/// The kept ballot at `path`, if there is one.
pub fn read(path: &Path) -> Result<Option<KeptBallot>, CliError> {
    if !path.exists() {
        return Ok(None);
    }
    let bytes = keys::read_secret(path)?;
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        CliError::usage(
            format!(
                "{} 不是本程序保存的选票（{e}）；请把它移走后再投票",
                path.display()
            ),
            format!(
                "{} is not a ballot this program kept ({e}); move it away and vote again",
                path.display()
            ),
        )
    })
}

/// Keeps `ballot` at `path`, replacing what was there (an earlier ballot the voter
/// replaces, where the last one counts) atomically.
pub fn write(path: &Path, ballot: &KeptBallot) -> Result<(), CliError> {
    let json = serde_json::to_vec_pretty(ballot).map_err(|e| CliError::Internal(e.to_string()))?;
    if path.exists() {
        keys::replace(path, &json)
    } else {
        keys::write_new(path, &json)
    }
}
