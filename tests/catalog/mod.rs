//! Scanning folders into assets and renditions, grouping rules.

mod grouping;
mod live;
mod scan;
