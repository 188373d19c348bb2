//! Key files and other secret files: written readable only by their owner (mode 0600),
//! refused when anyone else can read them, never overwritten, and held in zeroizing
//! buffers while in memory.
//!
//! A key file is four lines of text, so that a person can see whose key it is without a
//! tool:
//!
//! ```text
//! zhixuan-key 1
//! role trustee
//! public 5c51d3f5347770f62626c03b0fada68b74ff672b69d011fa1a402a4930d8a83d
//! secret <64 hex digits>
//! ```
//!
//! The public key is what the organiser writes into the election definition; the secret
//! never leaves the file except into the signing key that uses it.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use zeroize::Zeroizing;
use zhixuan_tally::{SigningKey, VerifyingKey};

use crate::error::{io_error as io, CliError};

const HEADER: &str = "zhixuan-key 1";

/// Whose key a key file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The organiser (选举工作领导小组): signs the definition, lists, opening, closing,
    /// tally and result.
    Organiser,
    /// A supervision committee member holding a share of the election key.
    Trustee,
    /// A body that decides in a procedure (its seal): reviews, decisions, answers to
    /// objections, filing and approval.
    Body,
    /// A person in a procedure: a registrant (who signs their registration and lot
    /// reveal), or an objector.
    Person,
}

impl Role {
    fn word(self) -> &'static str {
        match self {
            Role::Organiser => "organiser",
            Role::Trustee => "trustee",
            Role::Body => "body",
            Role::Person => "person",
        }
    }
}

/// Writes a new secret file, readable only by its owner; refuses to replace one.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir, "creating the folder"))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::Exists {
                path: path.to_owned(),
            }
        } else {
            io(path, "creating")(e)
        }
    })?;
    file.write_all(contents).map_err(io(path, "writing"))?;
    file.sync_all().map_err(io(path, "writing"))
}

/// Replaces a secret file's contents atomically (a new file beside it, then a rename), so
/// that a crash leaves either the old state or the new one, never half of each.
pub fn replace(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".new");
    let fresh: PathBuf = path.with_file_name(name);
    match std::fs::remove_file(&fresh) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&fresh, "removing")(e)),
    }
    write_new(&fresh, contents)?;
    std::fs::rename(&fresh, path).map_err(io(path, "replacing"))
}

/// Reads a secret file, refusing it if anyone but its owner may read it.
pub fn read_secret(path: &Path) -> Result<Zeroizing<Vec<u8>>, CliError> {
    // The permissions are those of the file opened, not of whatever the path names later.
    let mut file = std::fs::File::open(path).map_err(io(path, "reading"))?;
    let metadata = file.metadata().map_err(io(path, "reading"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(CliError::Permissions {
                path: path.to_owned(),
                mode,
            });
        }
    }
    let mut buffer = Zeroizing::new(Vec::with_capacity(metadata.len() as usize + 1));
    std::io::Read::read_to_end(&mut file, &mut buffer).map_err(io(path, "reading"))?;
    Ok(buffer)
}

/// Creates a new key for `role` in a new file at `path`; returns its public key.
pub fn generate(path: &Path, role: Role) -> Result<VerifyingKey, CliError> {
    let key = SigningKey::generate(&mut rand::rng());
    save(path, role, &key)?;
    Ok(key.verifying_key().clone())
}

/// Saves a key in a new key file.
pub fn save(path: &Path, role: Role, key: &SigningKey) -> Result<(), CliError> {
    let secret = key.to_bytes();
    let mut hex = Zeroizing::new([0u8; 64]);
    hex::encode_to_slice(*secret, &mut *hex)
        .map_err(|e| CliError::Internal(format!("hex encoding: {e}")))?;
    let mut text = Zeroizing::new(String::with_capacity(256));
    text.push_str(HEADER);
    text.push_str("\nrole ");
    text.push_str(role.word());
    text.push_str("\npublic ");
    text.push_str(&key.verifying_key().to_string());
    text.push_str("\nsecret ");
    text.push_str(std::str::from_utf8(&*hex).unwrap_or_default());
    text.push('\n');
    write_new(path, text.as_bytes())
}

/// Loads the key of `role` from a key file.
pub fn load(path: &Path, role: Role) -> Result<SigningKey, CliError> {
    let bad = |problem: &str| CliError::KeyFile {
        path: path.to_owned(),
        problem: problem.to_owned(),
    };
    let bytes = read_secret(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| bad("it is not text"))?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(bad("it does not start with `zhixuan-key 1`"));
    }
    let field = |line: Option<&'_ str>, name: &str| -> Result<String, CliError> {
        line.and_then(|l| l.strip_prefix(name))
            .and_then(|l| l.strip_prefix(' '))
            .map(|v| v.trim().to_owned())
            .ok_or_else(|| bad(&format!("the `{name}` line is missing")))
    };
    let found = field(lines.next(), "role")?;
    if found != role.word() {
        let a = |word: &str| {
            let article = if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {word}")
        };
        return Err(bad(&format!(
            "it holds {} key, not {} key",
            a(&found),
            a(role.word())
        )));
    }
    let public = field(lines.next(), "public")?;
    let secret_line = lines
        .next()
        .and_then(|l| l.strip_prefix("secret "))
        .map(str::trim)
        .ok_or_else(|| bad("the `secret` line is missing"))?;
    let mut secret = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(secret_line, &mut *secret)
        .map_err(|_| bad("the secret is not 64 hex digits"))?;
    let key = SigningKey::from_bytes(*secret).map_err(|_| bad("the secret is not a valid key"))?;
    if key.verifying_key().to_string() != public {
        return Err(bad("the public key does not belong to the secret"));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zhixuan-keys-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_key_of_another_role_is_named_in_good_english() {
        let dir = dir("role");
        let path = dir.join("trustee.key");
        generate(&path, Role::Trustee).unwrap();
        let err = load(&path, Role::Organiser).unwrap_err().to_string();
        assert!(
            err.contains("it holds a trustee key, not an organiser key"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_key_file_round_trips_and_is_private() {
        let dir = dir("round-trip");
        let path = dir.join("trustee.key");
        let public = generate(&path, Role::Trustee).unwrap();
        let key = load(&path, Role::Trustee).unwrap();
        assert_eq!(key.verifying_key(), &public);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // Never overwritten, and a trustee key is not an organiser key.
        assert!(matches!(
            generate(&path, Role::Trustee),
            Err(CliError::Exists { .. })
        ));
        assert!(matches!(
            load(&path, Role::Organiser),
            Err(CliError::KeyFile { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = dir("permissions");
        let path = dir.join("organiser.key");
        generate(&path, Role::Organiser).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load(&path, Role::Organiser).unwrap_err();
        assert!(matches!(err, CliError::Permissions { mode: 0o644, .. }));
        assert!(err.to_string().contains("chmod 600"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_key_file_is_refused() {
        let dir = dir("damaged");
        let path = dir.join("k.key");
        let key = SigningKey::generate(&mut rand::rng());
        let other = SigningKey::generate(&mut rand::rng());
        let text = format!(
            "{HEADER}\nrole trustee\npublic {}\nsecret {}\n",
            other.verifying_key(),
            hex::encode(*key.to_bytes())
        );
        write_new(&path, text.as_bytes()).unwrap();
        let err = load(&path, Role::Trustee).unwrap_err();
        assert!(err.to_string().contains("does not belong"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
