//! A read-only cursor over a parsed JSON document that remembers where it is, so every type error
//! names its JSON path (e.g. `override_accounts[1].numbers.account: expected a string, found a number`).

use serde_json::{Map, Value};

use crate::sandbox::error::SandboxError;

/// A JSON value and its path from the document root (`""` for the root itself).
#[derive(Debug, Clone, Copy)]
pub(super) struct Node<'a> {
    value: &'a Value,
    path: &'a str,
}

/// Builds a "`path`: message" error; the root is called `override_password`.
pub(super) fn invalid(path: &str, message: impl std::fmt::Display) -> SandboxError {
    let path = if path.is_empty() {
        "override_password"
    } else {
        path
    };
    SandboxError::InvalidCustomUser(format!("{path}: {message}"))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Node<'a> {
    pub(super) fn root(value: &'a Value) -> Self {
        Self { value, path: "" }
    }

    /// A node for `value` found at `path`.
    pub(super) fn at(value: &'a Value, path: &'a str) -> Self {
        Self { value, path }
    }

    pub(super) fn error(&self, message: impl std::fmt::Display) -> SandboxError {
        invalid(self.path, message)
    }

    fn expected(&self, what: &str) -> SandboxError {
        self.error(format_args!("expected {what}, found {}", kind(self.value)))
    }

    /// The members of this node, which must be an object.
    pub(super) fn object(&self) -> Result<&'a Map<String, Value>, SandboxError> {
        self.value
            .as_object()
            .ok_or_else(|| self.expected("an object"))
    }

    /// The path of member `key` of this node.
    pub(super) fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Member `key` of this object, or `None` when it is absent or `null` (every custom-user field is
    /// optional and nullable). A non-object node has no members.
    pub(super) fn get(&self, key: &str) -> Option<(&'a Value, String)> {
        let value = self.value.as_object()?.get(key)?;
        (!value.is_null()).then(|| (value, self.key_path(key)))
    }

    pub(super) fn str(&self) -> Result<&'a str, SandboxError> {
        self.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    pub(super) fn f64(&self) -> Result<f64, SandboxError> {
        self.value.as_f64().ok_or_else(|| self.expected("a number"))
    }

    pub(super) fn bool(&self) -> Result<bool, SandboxError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.expected("a boolean"))
    }

    pub(super) fn array(&self) -> Result<&'a [Value], SandboxError> {
        self.value
            .as_array()
            .map(Vec::as_slice)
            .ok_or_else(|| self.expected("an array"))
    }

    pub(super) fn is_null(&self) -> bool {
        self.value.is_null()
    }

    pub(super) fn value(&self) -> &'a Value {
        self.value
    }
}

/// Reads an optional member with `read`, passing it a node that knows its path.
pub(super) fn field<T>(
    parent: &Node<'_>,
    key: &str,
    read: impl FnOnce(&Node<'_>) -> Result<T, SandboxError>,
) -> Result<Option<T>, SandboxError> {
    match parent.get(key) {
        None => Ok(None),
        Some((value, path)) => read(&Node::at(value, &path)).map(Some),
    }
}

/// Reads each element of an optional array member with `read` (which sees `null` elements too).
pub(super) fn items<T>(
    parent: &Node<'_>,
    key: &str,
    mut read: impl FnMut(&Node<'_>) -> Result<T, SandboxError>,
) -> Result<Option<Vec<T>>, SandboxError> {
    let Some((value, path)) = parent.get(key) else {
        return Ok(None);
    };
    let elements = Node::at(value, &path).array()?;
    let mut out = Vec::with_capacity(elements.len());
    for (index, element) in elements.iter().enumerate() {
        let element_path = format!("{path}[{index}]");
        out.push(read(&Node::at(element, &element_path))?);
    }
    Ok(Some(out))
}

/// An optional string member.
pub(super) fn string(parent: &Node<'_>, key: &str) -> Result<Option<String>, SandboxError> {
    field(parent, key, |node| node.str().map(str::to_owned))
}

/// An optional boolean member.
pub(super) fn boolean(parent: &Node<'_>, key: &str) -> Result<Option<bool>, SandboxError> {
    field(parent, key, |node| node.bool())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn errors_name_the_path_of_the_offending_value() {
        let value = parse(r#"{"a": {"b": [1, "x"]}}"#);
        let root = Node::root(&value);
        let result = field(&root, "a", |a| {
            items(a, "b", |b| b.str().map(str::to_owned))
        });
        let message = result.unwrap_err().to_string();
        assert_eq!(message, "a.b[0]: expected a string, found a number");
        assert_eq!(
            Node::root(&parse("[]")).object().unwrap_err().to_string(),
            "override_password: expected an object, found an array"
        );
    }

    #[test]
    fn null_and_absent_members_read_as_none() {
        let value = parse(r#"{"a": null, "c": "d"}"#);
        let root = Node::root(&value);
        assert_eq!(string(&root, "a").unwrap(), None);
        assert_eq!(string(&root, "b").unwrap(), None);
        assert_eq!(string(&root, "c").unwrap().as_deref(), Some("d"));
        assert!(items(&root, "a", |n| n.bool()).unwrap().is_none());
    }
}
