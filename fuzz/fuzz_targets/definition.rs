//! Election definitions: the JSON document, its checks, its hash and ballot styles.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhixuan_election::{DefinitionDocument, ElectionDefinition};

fuzz_target!(|data: &[u8]| {
    if let Ok(document) = serde_json::from_slice::<DefinitionDocument>(data) {
        if let Ok(definition) = ElectionDefinition::from_document(document) {
            let _ = definition.hash();
            for group in &definition.document().groups {
                let _ = definition.ballot_style(&group.id);
            }
        }
    }
    let _ = serde_json::from_slice::<ElectionDefinition>(data);
});
