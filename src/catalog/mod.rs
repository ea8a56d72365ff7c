//! Catalog: folders, assets with renditions, background indexing.
