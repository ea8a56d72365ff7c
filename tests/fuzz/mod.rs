//! Regression tests for fuzz findings and the committed fuzz seeds.

mod findings;
mod seeds;
