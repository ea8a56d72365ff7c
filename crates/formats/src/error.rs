//! Errors of the container layer: which file, what is wrong, at which byte offset.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Container structure is broken (bad length, bad CRC, truncated).
    #[error("{format} structure error at offset {offset}: {message}")]
    Corrupt {
        format: &'static str,
        offset: u64,
        message: String,
    },
    /// The XMP packet itself is malformed.
    #[error("XMP packet at offset {offset}: {source}")]
    Xmp {
        offset: u64,
        #[source]
        source: xmpedit_core::xmp::ParseError,
    },
    /// A JSON-LD packet (glTF) is malformed.
    #[error("JSON-LD packet: {0}")]
    JsonLd(#[from] xmpedit_core::xmp::jsonld::JsonLdError),
    /// Writing into this format is not supported.
    #[error("writing XMP into {format} files is not supported: {hint}")]
    NotWritable { format: &'static str, hint: String },
    /// The file is encrypted (a PDF with `/Encrypt`): its metadata can be neither read
    /// nor written without the key; the message says so.
    #[error("{0}; not changed")]
    Encrypted(String),
    /// The new packet cannot be stored (too large for the container, ...).
    #[error("cannot store the packet: {0}")]
    TooLarge(String),
    /// The file changed since it was read.
    #[error("the file changed since it was read ({0}); not overwritten")]
    Changed(String),
    /// Another program wrote to the file while this write was under way; the file is
    /// left as that program wrote it.
    #[error("another program changed the file while it was being written: {0}")]
    Raced(String),
    /// A rewrite would split the file's hard links (its other names would keep the old
    /// content).
    #[error(
        "it has {links} hard links and its packet does not fit in place: a rewrite would \
         give only this name the new content; not changed (--break-links rewrites this \
         name only)"
    )]
    HardLinks { links: u64 },
    /// The rewritten file cannot be given the original's owner and group.
    #[error(
        "it is owned by uid {uid} gid {gid}, and a rewrite could not keep that owner \
         ({reason}); not changed (a write that fits the packet's padding needs no \
         rewrite; or ask the owner)"
    )]
    Ownership { uid: u32, gid: u32, reason: String },
    /// An extended attribute (an ACL, a label) cannot be carried over to the rewrite.
    #[error(
        "its extended attribute {name} could not be copied to the rewritten file \
         ({reason}); not changed"
    )]
    Attributes { name: String, reason: String },
    /// The file holds XMP that could not be read (damaged JPEG Extended XMP, a PNG XMP
    /// chunk that does not inflate or sits where it is not read), and a write would
    /// replace or duplicate it ([`crate::unreadable`]). `what` says which
    /// part and why; `--repair-unsafe` allows the write.
    #[error("{}: {}", .path.display(), crate::unreadable::refusal(.what))]
    Unreadable { path: PathBuf, what: String },
    /// The container is damaged ([`crate::damage`]) and the write would touch the
    /// damage or rewrite the file; `--repair-unsafe` allows it.
    #[error("{}: {}", .path.display(), crate::damage::refusal(.what))]
    Damaged { path: PathBuf, what: String },
    /// A rewrite would not fit on the file system (it holds the original and the new
    /// file until the swap); refused before anything was written.
    #[error("{}", crate::safe_write::space::refusal(*.needed, *.available))]
    NoSpace { needed: u64, available: u64 },
    /// A glTF object named for a per-object packet does not exist; the message
    /// names the objects that do.
    #[error("{0}")]
    NoObject(String),
    /// Post-write verification failed; the original is untouched.
    #[error("verification of the written file failed: {0}; the original is untouched")]
    Verify(String),
}

impl FormatError {
    pub fn corrupt(format: &'static str, offset: u64, message: impl Into<String>) -> Self {
        FormatError::Corrupt {
            format,
            offset,
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        FormatError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<std::io::Error> for FormatError {
    fn from(e: std::io::Error) -> Self {
        FormatError::Io {
            path: PathBuf::new(),
            source: e,
        }
    }
}
