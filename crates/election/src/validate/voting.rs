//! The voting window: check 4 of `spec/definition.md` §2.

use super::{invalid, Check, DefinitionProblem};
use crate::definition::DefinitionDocument;

/// Check 4.
pub(super) fn check_window(doc: &DefinitionDocument) -> Check {
    for (path, at) in [
        ("voting.opens", doc.voting.opens),
        ("voting.closes", doc.voting.closes),
    ] {
        // The hash keeps whole seconds only; a sub-second part would be a difference
        // between two definitions that the hash could not see.
        if at.nanosecond() != 0 {
            return Err(invalid(path, DefinitionProblem::FractionalSeconds));
        }
    }
    if doc.voting.closes <= doc.voting.opens {
        return Err(invalid("voting.closes", DefinitionProblem::WindowOrder));
    }
    Ok(())
}
