//! Screen layout as a pure function of the terminal size, shared by the views and by
//! `update` (page sizes, mouse hit tests).
//!
//! - 100 columns and more: assets | tree | detail side by side;
//! - 48 to 99 columns: assets | tree above detail;
//! - narrower: only the focused pane (the tree with the detail below it when the
//!   tree or detail is focused);
//! - a header line and a status line when there are at least 4 rows.

use ratatui::layout::Rect;

use crate::tui::app::Pane;

/// Where everything goes; a pane is None when it does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    pub header: Option<Rect>,
    pub assets: Option<Rect>,
    pub tree: Option<Rect>,
    pub detail: Option<Rect>,
    pub status: Option<Rect>,
    pub full: Rect,
}

pub fn compute(width: u16, height: u16, focus: Pane) -> Layout {
    let full = Rect::new(0, 0, width, height);
    let mut l = Layout {
        full,
        ..Layout::default()
    };
    if width == 0 || height == 0 {
        return l;
    }
    let mut body = full;
    if height >= 4 {
        l.header = Some(Rect::new(0, 0, width, 1));
        l.status = Some(Rect::new(0, height - 1, width, 1));
        body = Rect::new(0, 1, width, height - 2);
    } else if height >= 2 {
        l.status = Some(Rect::new(0, height - 1, width, 1));
        body = Rect::new(0, 0, width, height - 1);
    }
    if width >= 100 {
        let a = width * 3 / 10;
        let d = width * 3 / 10;
        let t = width - a - d;
        l.assets = Some(Rect::new(body.x, body.y, a, body.height));
        l.tree = Some(Rect::new(body.x + a, body.y, t, body.height));
        l.detail = Some(Rect::new(body.x + a + t, body.y, d, body.height));
    } else if width >= 48 {
        let a = width * 2 / 5;
        let rest = width - a;
        l.assets = Some(Rect::new(body.x, body.y, a, body.height));
        let (t, d) = split_v(Rect::new(body.x + a, body.y, rest, body.height));
        l.tree = Some(t);
        l.detail = d;
    } else {
        match focus {
            Pane::Assets => l.assets = Some(body),
            Pane::Tree | Pane::Detail => {
                let (t, d) = split_v(body);
                l.tree = Some(t);
                l.detail = d;
                if d.is_none() && focus == Pane::Detail {
                    l.tree = None;
                    l.detail = Some(body);
                }
            }
        }
    }
    l
}

/// Tree above detail (detail gets 2/5, at least 4 rows); None when too short.
fn split_v(r: Rect) -> (Rect, Option<Rect>) {
    if r.height < 10 {
        return (r, None);
    }
    let d = (r.height * 2 / 5).max(4);
    let t = r.height - d;
    (
        Rect::new(r.x, r.y, r.width, t),
        Some(Rect::new(r.x, r.y + t, r.width, d)),
    )
}

/// The pane at a screen position (for mouse clicks).
pub fn pane_at(l: &Layout, x: u16, y: u16) -> Option<Pane> {
    let hit = |r: Option<Rect>| r.is_some_and(|r| r.contains((x, y).into()));
    if hit(l.assets) {
        Some(Pane::Assets)
    } else if hit(l.tree) {
        Some(Pane::Tree)
    } else if hit(l.detail) {
        Some(Pane::Detail)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_narrow_tiny() {
        let l = compute(120, 32, Pane::Assets);
        assert!(l.assets.is_some() && l.tree.is_some() && l.detail.is_some());
        assert_eq!(l.detail.unwrap().y, 1);
        let l = compute(60, 20, Pane::Assets);
        assert!(l.detail.unwrap().y > l.tree.unwrap().y);
        let l = compute(20, 6, Pane::Assets);
        assert!(l.assets.is_some() && l.tree.is_none());
        let l = compute(20, 6, Pane::Detail);
        assert!(l.detail.is_some() && l.tree.is_none());
        let l = compute(1, 1, Pane::Tree);
        assert!(l.status.is_none());
        let l = compute(0, 0, Pane::Tree);
        assert!(l.assets.is_none() && l.tree.is_none());
    }
}
