//! The trustees and the threshold: check 3 of `spec/definition.md` §2.

use std::collections::HashMap;

use super::values::{check_id, check_name, Seen};
use super::{invalid, Check, DefinitionProblem};
use crate::definition::DefinitionDocument;

/// Check 3.
pub(super) fn check_trustees(doc: &DefinitionDocument) -> Check {
    if doc.trustees.is_empty() {
        return Err(invalid(
            "trustees",
            DefinitionProblem::Empty { what: "trustees" },
        ));
    }
    let mut ids = Seen::new();
    let mut keys: HashMap<[u8; 32], String> = HashMap::new();
    keys.insert(
        *doc.organiser.point().as_bytes(),
        "the organiser's key".to_owned(),
    );
    for (i, trustee) in doc.trustees.iter().enumerate() {
        let path = format!("trustees[{i}]");
        check_id(&format!("{path}.id"), &trustee.id)?;
        ids.insert(&trustee.id, format!("{path}.id"))?;
        check_name(&format!("{path}.name"), &trustee.name)?;
        let key = *trustee.key.point().as_bytes();
        if let Some(other) = keys.get(&key) {
            return Err(invalid(
                format!("{path}.key"),
                DefinitionProblem::SharedKey {
                    other: other.clone(),
                },
            ));
        }
        keys.insert(key, format!("{path}.key"));
    }
    if doc.threshold == 0 {
        return Err(invalid("threshold", DefinitionProblem::Zero));
    }
    if usize::try_from(doc.threshold).map_or(true, |t| t > doc.trustees.len()) {
        return Err(invalid(
            "threshold",
            DefinitionProblem::ThresholdAboveTrustees {
                threshold: doc.threshold,
                trustees: doc.trustees.len(),
            },
        ));
    }
    Ok(())
}
