//! Byte offsets in the decoded packet text -> 1-based line and column.
//!
//! The reader keeps plain byte offsets while it works (cheap) and converts them only for
//! the few positions it reports. Lines break at LF, CR LF or a lone CR (the XML end-of-line
//! rule); columns count characters, not bytes.

/// Converts many offsets in one forward pass over the text (O(text + k log k)), so that
/// thousands of warnings on one long line stay cheap.
pub(crate) fn line_cols(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let mut walker = Walker::default();
    let bytes = text.as_bytes();
    for i in order {
        let target = offsets[i].min(bytes.len());
        walker.advance(bytes, target);
        out[i] = (walker.line, walker.col);
    }
    out
}

/// Line and column of one offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut walker = Walker::default();
    walker.advance(text.as_bytes(), offset.min(text.len()));
    (walker.line, walker.col)
}

struct Walker {
    pos: usize,
    line: usize,
    col: usize,
    prev_cr: bool,
}

impl Default for Walker {
    fn default() -> Self {
        Walker {
            pos: 0,
            line: 1,
            col: 1,
            prev_cr: false,
        }
    }
}

impl Walker {
    fn advance(&mut self, bytes: &[u8], target: usize) {
        let Some(slice) = bytes.get(self.pos..target) else {
            return;
        };
        for &b in slice {
            match b {
                b'\n' => {
                    if !self.prev_cr {
                        self.line += 1;
                        self.col = 1;
                    }
                    self.prev_cr = false;
                }
                b'\r' => {
                    self.line += 1;
                    self.col = 1;
                    self.prev_cr = true;
                }
                _ => {
                    // UTF-8 continuation bytes do not start a character.
                    if b & 0xC0 != 0x80 {
                        self.col += 1;
                    }
                    self.prev_cr = false;
                }
            }
        }
        self.pos = target;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        let t = "ab\ncd\r\nef\rgé h";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 4), (2, 2));
        assert_eq!(line_col(t, 7), (3, 1));
        assert_eq!(line_col(t, 10), (4, 1));
        // 'é' is two bytes but one column
        assert_eq!(line_col(t, 13), (4, 3));
        assert_eq!(line_cols(t, &[13, 0, 4]), vec![(4, 3), (1, 1), (2, 2)]);
    }
}
