//! Bank statement PDF analysis (pure, no I/O).
