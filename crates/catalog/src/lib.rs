//! Catalog: folders, assets with renditions, background indexing.
//!
//! - [`group`]: a pure function from a folder listing to assets (names only);
//! - [`derived`]: attaching derivatives by `xmpMM:DerivedFrom` once packets are read;
//! - [`walk`] and [`scan`]: walking folders and reading packets on a bounded pool,
//!   streamed as [`ScanEvent`]s;
//! - [`store`]: the [`Catalog`] those events build, with stable asset and file ids;
//! - [`config`]: the user's configuration file (grouping rules).
//! - [`templates`] and [`codes`]: the user's templates and code replacement file,
//!   beside the configuration file.
//! - [`live`]: files appearing in or vanishing from a scanned folder afterwards.
//! - [`watch`]: watching an open folder for changes made by other programs.
//!
//! ```no_run
//! use xmpedit_catalog::{Catalog, ScanOptions};
//! let opts = ScanOptions { recursive: true, ..ScanOptions::default() };
//! let catalog = Catalog::load(&["photos".into()], &opts);
//! for asset in catalog.sorted() {
//!     println!("{} ({} files)", asset.name, asset.renditions.len());
//! }
//! ```

pub mod asset;
pub mod codes;
pub mod config;
pub mod derived;
pub mod group;
pub mod kind;
pub mod live;
pub mod scan;
pub mod store;
pub mod summary;
pub mod templates;
pub mod walk;
pub mod watch;

pub use asset::{
    Asset, AssetId, DerivedRef, FileId, Problem, ReadInfo, ReadState, Rendition, Role, Summary,
    Target, TargetKind,
};
pub use config::{CatalogConfig, Config, ConfigError, SidecarStyle};
pub use derived::attach_derived;
pub use group::{group, Entry, Listing};
pub use live::{Joined, Left};
pub use scan::{scan, ReadResult, Reader, ScanEvent, ScanOptions};
pub use store::{Catalog, Change, DerivedLinks, Progress, ScanError};
