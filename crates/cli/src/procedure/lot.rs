//! A registrant's lot secret (`spec/procedure.md` §5): 32 random bytes, committed to in the
//! registration and revealed at the lot. It is written — readable only by its owner, never
//! overwritten — before the registration that commits to it is sent, so that a registration
//! on the board always has its secret on the registrant's disk; a rerun of `register` reads
//! it back and commits to the same secret. It is a secret until the reveal: whoever sees it
//! early can compute the order with and without it.
//!
//! ```text
//! zhixuan-lot-secret 1
//! procedure <procedure id>
//! registrant <registrant id>
//! secret <64 hex digits>
//! ```

use std::path::Path;

use rand::Rng;
use zeroize::Zeroizing;
use zhixuan_tally::ElectionHash;

use crate::error::CliError;
use crate::keys;

const HEADER: &str = "zhixuan-lot-secret 1";

/// The lot secret in `path`, for `registrant` in `procedure`; a new one is made and written
/// there first if the file does not exist. Also whether it was made now.
pub fn obtain(
    path: &Path,
    procedure: &str,
    registrant: &str,
) -> Result<(ElectionHash, bool), CliError> {
    if path.exists() {
        return read(path, procedure, registrant).map(|s| (s, false));
    }
    let mut secret = Zeroizing::new([0u8; 32]);
    rand::rng().fill_bytes(&mut *secret);
    let text = Zeroizing::new(format!(
        "{HEADER}\nprocedure {procedure}\nregistrant {registrant}\nsecret {}\n",
        hex::encode(*secret)
    ));
    keys::write_new(path, text.as_bytes())?;
    Ok((ElectionHash(*secret), true))
}

/// The lot secret written by [`obtain`] in `path`, which must be `registrant`'s in
/// `procedure`.
pub fn read(path: &Path, procedure: &str, registrant: &str) -> Result<ElectionHash, CliError> {
    let bad = |zh: String, en: String| {
        CliError::usage(
            format!("{} 不是可用的抽签秘密文件：{zh}", path.display()),
            format!("{} is not a usable lot secret file: {en}", path.display()),
        )
    };
    let bytes = keys::read_secret(path)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| bad("它不是文本".into(), "it is not text".into()))?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(bad(
            format!("它不以 `{HEADER}` 开头"),
            format!("it does not start with `{HEADER}`"),
        ));
    }
    let mut field = |name: &str| {
        lines
            .next()
            .and_then(|l| l.strip_prefix(name))
            .and_then(|l| l.strip_prefix(' '))
            .map(str::trim)
            .ok_or_else(|| {
                bad(
                    format!("缺少 `{name}` 一行"),
                    format!("the `{name}` line is missing"),
                )
            })
    };
    let (p, r) = (field("procedure")?, field("registrant")?);
    if p != procedure || r != registrant {
        return Err(bad(
            format!("它属于程序 `{p}` 中的 `{r}`，而不是程序 `{procedure}` 中的 `{registrant}`"),
            format!("it is `{r}`'s in procedure `{p}`, not `{registrant}`'s in `{procedure}`"),
        ));
    }
    let hex_secret = field("secret")?;
    let mut secret = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(hex_secret, &mut *secret).map_err(|_| {
        bad(
            "秘密不是 64 位十六进制数字".into(),
            "the secret is not 64 hex digits".into(),
        )
    })?;
    Ok(ElectionHash(*secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lot_secret_is_written_once_private_and_read_back_only_for_its_registrant() {
        let dir = std::env::temp_dir().join(format!("zhixuan-lot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("wang-fang.lot");
        let _ = std::fs::remove_file(&path);
        let (secret, made) = obtain(&path, "p", "wang-fang").unwrap();
        assert!(made);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A rerun commits to the same secret; the file is not rewritten.
        assert_eq!(obtain(&path, "p", "wang-fang").unwrap(), (secret, false));
        assert_eq!(read(&path, "p", "wang-fang").unwrap(), secret);
        let other = read(&path, "p", "li-ming").unwrap_err();
        assert!(other.to_string().contains("not `li-ming`'s"), "{other}");
        assert!(read(&path, "q", "wang-fang").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
