//! XMP text <-> JSON scalars (docs/jsonld.md, "Lexical forms"): a value becomes a JSON
//! number or boolean only when reading it back gives the very same text.

use serde_json::{Number, Value};

use super::Scalar;

/// Largest integer JSON consumers (JavaScript doubles) hold exactly.
const MAX_SAFE: i64 = (1 << 53) - 1;

/// The JSON scalar for `text` typed `kind`, or `None` when the text is not in the
/// one form that survives the trip (`007`, `+5`, `2.50`, `1e3`, huge integers).
pub(crate) fn to_scalar(text: &str, kind: Scalar) -> Option<Value> {
    let v = match kind {
        Scalar::Boolean => match text {
            "True" => Value::Bool(true),
            "False" => Value::Bool(false),
            _ => return None,
        },
        Scalar::Integer => integer(text)?,
        Scalar::Real => {
            if text.contains('.') {
                real(text)?
            } else {
                integer(text)?
            }
        }
    };
    (scalar_text(&v).as_deref() == Some(text)).then_some(v)
}

fn integer(text: &str) -> Option<Value> {
    let n: i64 = text.parse().ok()?;
    (n.abs() <= MAX_SAFE).then(|| Value::Number(n.into()))
}

fn real(text: &str) -> Option<Value> {
    // Only plain decimals: Rust's parser also takes "1e3", "inf", "+1.5".
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.')?;
    if int.is_empty()
        || frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let f: f64 = text.parse().ok()?;
    Number::from_f64(f).map(Value::Number)
}

/// The XMP text of a JSON scalar: integers as written, floats without exponent
/// (a whole float keeps `.0`, as in the JSON), booleans `True`/`False`.
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Bool(true) => Some("True".into()),
        Value::Bool(false) => Some("False".into()),
        Value::Number(n) => Some(number_text(n)),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    // Display never uses an exponent and gives the shortest exact digits.
    let mut s = format!("{f}");
    if !s.contains('.') {
        s.push_str(".0");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_only() {
        assert_eq!(to_scalar("4", Scalar::Integer), Some(Value::from(4)));
        assert_eq!(to_scalar("-12", Scalar::Integer), Some(Value::from(-12)));
        for t in [
            "007",
            "+5",
            "-0",
            "4.0",
            "1e3",
            "",
            " 4",
            "9007199254740993",
        ] {
            assert_eq!(to_scalar(t, Scalar::Integer), None, "{t}");
        }
        assert_eq!(to_scalar("2.5", Scalar::Real), Some(Value::from(2.5)));
        assert_eq!(to_scalar("3", Scalar::Real), Some(Value::from(3)));
        assert_eq!(to_scalar("2.0", Scalar::Real), Some(Value::from(2.0)));
        for t in [
            "2.50",
            ".5",
            "5.",
            "1e3",
            "inf",
            "NaN",
            "0.30000000000000001",
        ] {
            assert_eq!(to_scalar(t, Scalar::Real), None, "{t}");
        }
        assert_eq!(to_scalar("True", Scalar::Boolean), Some(Value::Bool(true)));
        assert_eq!(to_scalar("true", Scalar::Boolean), None);
    }

    #[test]
    fn numbers_back_without_exponent() {
        let v: Value =
            serde_json::from_str("[1e20, 1e-7, 2.5, 4, 18446744073709551615, 4.0]").unwrap();
        let got: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| scalar_text(x).unwrap())
            .collect();
        assert_eq!(
            got,
            [
                "100000000000000000000.0",
                "0.0000001",
                "2.5",
                "4",
                "18446744073709551615",
                "4.0"
            ]
        );
    }
}
