//! What a rewritten file must keep besides its bytes: owner and group, permission bits,
//! and every extended attribute (POSIX ACLs are `system.posix_acl_access`, SELinux
//! labels `security.selinux`, macOS-style tags `user.*`). A temp file starts with none
//! of them; anything that cannot be carried over refuses the write, since swapping in
//! a file that silently lost its ACL or changed hands is a loss the user did not ask for
//! (docs/safe-writing.md, "What a rewrite keeps").

use std::fs::{self, File};

use crate::FormatError;

/// Gives `temp` the owner, group, mode and extended attributes of `original`.
/// Ownership comes first: `chown` clears set-id bits, which the mode then restores.
pub(super) fn copy_all(
    original: &File,
    meta: &fs::Metadata,
    temp: &File,
) -> Result<(), FormatError> {
    copy_owner(meta, temp)?;
    temp.set_permissions(meta.permissions())?;
    copy_xattrs(original, temp)
}

#[cfg(unix)]
fn copy_owner(meta: &fs::Metadata, temp: &File) -> Result<(), FormatError> {
    use rustix::fs::{fchown, Gid, Uid};
    use std::os::unix::fs::MetadataExt;
    let t = temp.metadata()?;
    if t.uid() == meta.uid() && t.gid() == meta.gid() {
        return Ok(());
    }
    let uid = Uid::from_raw(meta.uid());
    let gid = Gid::from_raw(meta.gid());
    fchown(temp, Some(uid), Some(gid)).map_err(|e| FormatError::Ownership {
        uid: meta.uid(),
        gid: meta.gid(),
        reason: std::io::Error::from(e).to_string(),
    })
}

#[cfg(not(unix))]
fn copy_owner(_meta: &fs::Metadata, _temp: &File) -> Result<(), FormatError> {
    Ok(())
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn copy_xattrs(original: &File, temp: &File) -> Result<(), FormatError> {
    use rustix::fs::{fgetxattr, flistxattr, fsetxattr, XattrFlags};
    let refuse = |name: &str, e: rustix::io::Errno| FormatError::Attributes {
        name: name.to_string(),
        reason: std::io::Error::from(e).to_string(),
    };
    let names = match list(|buf| flistxattr(original, buf)) {
        Ok(n) => n,
        // The file system keeps no extended attributes: nothing to lose.
        Err(e) if e == rustix::io::Errno::OPNOTSUPP => return Ok(()),
        Err(e) => return Err(refuse("(the list)", e)),
    };
    for raw in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(raw).into_owned();
        let value = list(|buf| fgetxattr(original, raw, buf)).map_err(|e| refuse(&name, e))?;
        // Already right (an inherited default ACL, the folder's SELinux label).
        if list(|buf| fgetxattr(temp, raw, buf)).is_ok_and(|v| v == value) {
            continue;
        }
        fsetxattr(temp, raw, &value, XattrFlags::empty()).map_err(|e| refuse(&name, e))?;
    }
    Ok(())
}

/// Calls a size-then-fill xattr function until the buffer is large enough.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn list(
    mut call: impl FnMut(&mut [u8]) -> rustix::io::Result<usize>,
) -> rustix::io::Result<Vec<u8>> {
    let mut buf = vec![0u8; 256];
    loop {
        match call(&mut buf) {
            Ok(n) => {
                buf.truncate(n);
                return Ok(buf);
            }
            Err(rustix::io::Errno::RANGE) if buf.len() < 1 << 24 => {
                let len = buf.len() * 4;
                buf.resize(len, 0);
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn copy_xattrs(_original: &File, _temp: &File) -> Result<(), FormatError> {
    Ok(())
}
