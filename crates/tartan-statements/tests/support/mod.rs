pub mod heldout;
