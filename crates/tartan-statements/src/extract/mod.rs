//! Reading facts off the laid-out text: the holder block, the account number, the statement period.
//! Each extractor takes the document's [`Segment`](crate::text::layout::Segment)s in reading order and
//! prefers what a person would read first (page 1, top down) when several candidates exist.

pub(crate) mod account;
pub(crate) mod dates;
pub(crate) mod holder;
pub(crate) mod period;
