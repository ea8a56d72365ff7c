//! Bulk interchange of metadata with spreadsheets, DAMs and ExifTool: CSV reading and
//! writing ([`csv`]), AEM's header grammar ([`header`]), packets as cells for export
//! ([`cells`]), ExifTool's names ([`exiftool`]), dates in the formats those tools
//! write ([`dates`]), rows back into edit ops ([`import`]), and export's JSON back into
//! edit ops ([`json`]).
//!
//! Pure: no files, no terminal. The CLI's `export` and `import` stream files through
//! these and write through the session's journaled path. docs/interchange.md says
//! what the formats are and what xmpedit does beyond AEM.

pub mod cells;
pub mod csv;
pub mod dates;
pub mod exiftool;
pub mod header;
pub mod import;
pub mod json;
