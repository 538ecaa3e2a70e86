//! The Elastic Common Schema field list the catalog's `ecs:` names are checked against, and the
//! field names Elastic's Cisco FTD integration adds under `cisco.ftd.`; both embedded from
//! `source/ecs/`, with the rule saying which catalog types may fill which ECS types.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::VarKind;

/// The ECS release the field list comes from.
pub const ECS_VERSION: &str = "9.4.0";

/// The namespace for what ECS has no field for, as Elastic's Cisco FTD integration names it.
pub const VENDOR_PREFIX: &str = "cisco.ftd.";

const ECS_FIELDS: &str = include_str!("../source/ecs/ecs-9.4.0-fields.tsv");
const INTEGRATION_FIELDS: &str = include_str!("../source/ecs/elastic-cisco-ftd-fields.tsv");

/// The names an ECS document of a parsed line fills from the header and the message id, which
/// no variable may take. `cisco.ftd.context.` (the IKE context) is reserved as a prefix.
pub const RESERVED: &[&str] = &[
    "@timestamp",
    "message",
    "tags",
    "event.code",
    "event.severity",
    "event.kind",
    "event.module",
    "event.dataset",
    "log.level",
    "log.file.path",
    "log.syslog.priority",
    "log.syslog.facility.code",
    "log.syslog.facility.name",
    "log.syslog.severity.code",
    "log.syslog.severity.name",
    "log.syslog.appname",
    "log.syslog.procid",
    "log.syslog.msgid",
    "observer.hostname",
    "observer.product",
    "observer.vendor",
    "observer.type",
    "cisco.ftd.message_id",
    "cisco.ftd.message_name",
    "cisco.ftd.class",
    "cisco.ftd.structured_data",
];

/// The prefix of the IKE context's names when a message's own fields fill the ECS ones.
pub const CONTEXT_PREFIX: &str = "cisco.ftd.context.";

/// Field name to ECS type (`keyword`, `ip`, `long`...), from both lists.
fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for text in [ECS_FIELDS, INTEGRATION_FIELDS] {
            // Lines: a `#` comment, the column heading `field<TAB>type...`, then one field each.
            for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
                let mut columns = line.split('\t');
                if let (Some(name), Some(ty)) = (columns.next(), columns.next()) {
                    table.insert(name, ty);
                }
            }
        }
        table
    })
}

/// The ECS type of a field of the ECS list or of the integration's `cisco.ftd.` list.
pub fn field_type(name: &str) -> Option<&'static str> {
    table().get(name).copied()
}

/// Whether `name` is a field of the ECS list or under `cisco.ftd.` (where any well-formed
/// name may be used): the leaf names an ECS document of this catalog may carry.
pub fn is_known_leaf(name: &str) -> bool {
    field_type(name).is_some_and(is_leaf_type) || is_vendor_name(name)
}

/// Whether `name` is `cisco.ftd.` followed by dot-separated snake_case parts.
pub fn is_vendor_name(name: &str) -> bool {
    name.strip_prefix(VENDOR_PREFIX).is_some_and(|rest| {
        !rest.is_empty()
            && rest.split('.').all(|part| {
                !part.is_empty()
                    && part.as_bytes()[0].is_ascii_lowercase()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            })
    })
}

/// Types that hold a value rather than other fields.
fn is_leaf_type(ty: &str) -> bool {
    !matches!(ty, "object" | "nested" | "flattened")
}

/// Why a variable of `kind` cannot be written at the ECS field `name`, or `None` when it can.
///
/// ECS fields take the value of their type: addresses only `ip` fields, numbers (ports
/// included) only integer fields, flags only `boolean`, text of every other kind only string
/// fields. Names under `cisco.ftd.` that the integration does not list take any kind.
pub fn incompatibility(name: &str, kind: &VarKind) -> Option<String> {
    if RESERVED.contains(&name) || name.starts_with(CONTEXT_PREFIX) {
        return Some(format!(
            "'{name}' is filled from the line's header, id or IKE context"
        ));
    }
    let Some(ty) = field_type(name) else {
        return (!is_vendor_name(name)).then(|| {
            format!("'{name}' is neither an ECS {ECS_VERSION} field nor a name under 'cisco.ftd.'")
        });
    };
    if !is_leaf_type(ty) {
        return Some(format!(
            "'{name}' is an ECS {ty}, not a field that holds a value"
        ));
    }
    if ty == "match_only_text" && name.ends_with(".text") {
        let parent = &name[..name.len() - ".text".len()];
        if field_type(parent).is_some() {
            return Some(format!(
                "'{name}' is a multi-field that Elasticsearch fills from '{parent}'; map to '{parent}'"
            ));
        }
    }
    let fits = match kind {
        VarKind::Ip | VarKind::Ipv4 | VarKind::Ipv6 => ty == "ip",
        VarKind::Int(_) | VarKind::Port => {
            matches!(ty, "long" | "integer" | "short" | "byte" | "unsigned_long")
        }
        VarKind::Flag { .. } => ty == "boolean",
        VarKind::Quantity => false,
        VarKind::Text
        | VarKind::Word
        | VarKind::Interface
        | VarKind::Hex
        | VarKind::Mac
        | VarKind::Enum { .. } => matches!(
            ty,
            "keyword" | "wildcard" | "match_only_text" | "text" | "constant_keyword"
        ),
    };
    (!fits).then(|| {
        format!(
            "a {} value cannot fill '{name}', an ECS {ty} field",
            kind.name()
        )
    })
}

/// What a variable of `kind` puts in a document, as a search engine maps it: `ip`, `integer`,
/// `boolean`, `object` (a quantity's value and unit) or `string`. One name holds one of these
/// across the catalog, or an index could not map it.
pub fn value_class(kind: &VarKind) -> &'static str {
    match kind {
        VarKind::Ip | VarKind::Ipv4 | VarKind::Ipv6 => "ip",
        VarKind::Int(_) | VarKind::Port => "integer",
        VarKind::Flag { .. } => "boolean",
        VarKind::Quantity => "object",
        VarKind::Text
        | VarKind::Word
        | VarKind::Interface
        | VarKind::Hex
        | VarKind::Mac
        | VarKind::Enum { .. } => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IntWidth;

    #[test]
    fn reads_both_lists() {
        assert_eq!(field_type("source.ip"), Some("ip"));
        assert_eq!(field_type("source.port"), Some("long"));
        assert_eq!(field_type("@timestamp"), Some("date"));
        assert_eq!(field_type("cisco.ftd.mapped_source_ip"), Some("ip"));
        assert_eq!(
            field_type("field"),
            None,
            "the column heading is not a field"
        );
        assert!(table().len() > 2700);
    }

    #[test]
    fn checks_names_and_types() {
        assert_eq!(incompatibility("source.ip", &VarKind::Ip), None);
        assert_eq!(incompatibility("source.port", &VarKind::Port), None);
        assert_eq!(
            incompatibility("cisco.ftd.anything_new", &VarKind::Quantity),
            None
        );
        assert!(incompatibility("source.ip", &VarKind::Text).is_some());
        assert!(incompatibility("source.port", &VarKind::Word).is_some());
        assert!(incompatibility("user.name", &VarKind::Int(IntWidth::U32)).is_some());
        assert!(incompatibility("user.nmae", &VarKind::Text).is_some());
        assert!(incompatibility("source", &VarKind::Text).is_some());
        assert!(incompatibility("cisco.ftd.Bad-Name", &VarKind::Text).is_some());
        assert!(incompatibility("cisco.ftd.mapped_source_ip", &VarKind::Text).is_some());
        assert!(incompatibility("user.name.text", &VarKind::Text).is_some());
        assert!(incompatibility("observer.hostname", &VarKind::Word).is_some());
        assert!(incompatibility("cisco.ftd.message_id", &VarKind::Word).is_some());
        assert!(incompatibility("cisco.ftd.context.ip", &VarKind::Ip).is_some());
    }
}
