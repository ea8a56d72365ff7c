//! How a command ended, as a type: both shells return an [`Outcome`] and `main` alone
//! turns it into the process exit code (0 all went well, 1 some files failed and the
//! others were done, 2 the command line or the configuration was wrong and nothing was
//! done, 128+N ended by signal N). Neither shell imports the other for this.

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done.
    Done,
    /// Some files failed (each was reported); the rest were done.
    SomeFailed,
    /// The command line or the configuration was wrong; nothing was done.
    Usage,
    /// The terminal UI was ended by this signal number.
    Signal(i32),
}

impl Outcome {
    /// The worse of two outcomes, for commands made of several steps.
    pub fn and(self, other: Outcome) -> Outcome {
        fn rank(o: Outcome) -> u8 {
            match o {
                Outcome::Done => 0,
                Outcome::SomeFailed => 1,
                Outcome::Signal(_) => 2,
                Outcome::Usage => 3,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}
