//! Identity matching engine (pure, no I/O).
