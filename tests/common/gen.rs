//! Proptest strategies for arbitrary packet models (placeholder, filled next).
