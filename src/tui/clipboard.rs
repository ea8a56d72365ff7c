//! Copying text to the system clipboard: arboard where a display server is reachable,
//! else the terminal's OSC 52 sequence (works over SSH and in tmux with
//! `set-clipboard on`). The OSC 52 payload is base64, so metadata text can never
//! inject its own escape sequences.

/// Where the text went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    System,
    Osc52,
}

impl Via {
    pub fn label(self) -> &'static str {
        match self {
            Via::System => "clipboard",
            Via::Osc52 => "terminal clipboard (OSC 52)",
        }
    }
}

/// Copies text: arboard when there is a display, else OSC 52 through `write`.
pub fn copy(text: &str, write: impl FnOnce(&[u8]) -> std::io::Result<()>) -> Result<Via, String> {
    if has_display() {
        if let Ok(mut cb) = arboard::Clipboard::new() {
            if cb.set_text(text.to_string()).is_ok() {
                return Ok(Via::System);
            }
        }
    }
    write(osc52(text).as_bytes()).map_err(|e| format!("cannot copy: {e}"))?;
    Ok(Via::Osc52)
}

fn has_display() -> bool {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    (set("DISPLAY") || set("WAYLAND_DISPLAY")) && !set("SSH_CONNECTION")
}

/// The OSC 52 "set clipboard" sequence for `text`, wrapped for tmux when inside it.
pub fn osc52(text: &str) -> String {
    let payload = base64(text.as_bytes());
    let seq = format!("\x1b]52;c;{payload}\x07");
    if std::env::var_os("TMUX").is_some() {
        // tmux passthrough: ESC doubled inside a DCS.
        format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
    } else {
        seq
    }
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), enc);
        }
    }

    #[test]
    fn osc52_payload_cannot_carry_escapes() {
        let s = osc52("evil\x1b]0;title\x07");
        let inner = s.trim_start_matches("\x1bPtmux;");
        // Only the sequence's own ESC/BEL framing, never the text's.
        assert_eq!(inner.matches('\x07').count(), 1);
        assert!(s.contains("ZXZpbBtdMDt0aXRsZQc="));
    }
}
