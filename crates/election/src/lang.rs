//! The language of what Zhixuan says — its commands, its verifier and the board's pages:
//! Chinese for the people who run these elections, English one flag or one link away. The
//! one `Lang` of the workspace. Texts are written in pairs where they are used
//! (`lang.pick("中文", "English")`).

use crate::text::Bilingual;
use serde::Serialize;

/// A language of the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language of the locale: `LC_ALL`, then `LC_MESSAGES`, then `LANG`; Chinese when
    /// the first one set starts with `zh`, English otherwise.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        Lang::from_locale(locale.as_deref())
    }

    /// The language of a locale name such as `zh_CN.UTF-8` or `en_GB`.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// One of two texts.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A name in this language.
    pub fn name(self, name: &Bilingual) -> &str {
        self.pick(&name.zh, &name.en)
    }

    /// The other language (a page's link to itself in the other language).
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The language's BCP 47 tag, for a page's `lang` attribute.
    pub fn tag(self) -> &'static str {
        self.pick("zh-CN", "en")
    }
}
