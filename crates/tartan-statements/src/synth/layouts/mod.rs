//! Rendering a [`Statement`] into page canvases, one module per bank layout, sharing the transaction table
//! and the amount cell (which can set one digit in a foreign font for the `FONT_ANOMALY` tamper).

mod classic;
mod ledger;
mod modern;

use super::{
    model::{Layout, Statement, Txn, money},
    page::{Canvas, FontRes, MarkKind, Style},
};

/// The font resources a layout draws with.
#[derive(Debug, Clone)]
pub(crate) struct Fonts {
    pub body: FontRes,
    pub bold: FontRes,
    pub amount: FontRes,
    /// Only drawn with by the mixed-font tamper.
    pub alt: FontRes,
}

impl Fonts {
    pub(crate) fn all(&self) -> [&FontRes; 4] {
        [&self.body, &self.bold, &self.amount, &self.alt]
    }
}

/// Render every page of `st`.
pub(crate) fn render(st: &Statement, fonts: &Fonts) -> Vec<Canvas> {
    (0..st.pages).map(|p| render_page(st, fonts, p)).collect()
}

/// Render page `index` (0-based) of `st`.
pub(crate) fn render_page(st: &Statement, fonts: &Fonts, index: usize) -> Canvas {
    match st.layout {
        Layout::Classic => classic::page(st, fonts, index),
        Layout::Ledger => ledger::page(st, fonts, index),
        Layout::Modern => modern::page(st, fonts, index),
    }
}

/// The transactions printed on page `index`, with the balance before the first of them.
pub(crate) fn page_rows(st: &Statement, index: usize) -> (i64, &[Txn]) {
    let first_page = 12.min(st.txns.len());
    let rest = st.txns.len() - first_page;
    let per_later = if st.pages > 1 {
        rest.div_ceil(st.pages - 1)
    } else {
        0
    };
    let (from, to) = if index == 0 {
        (0, first_page)
    } else {
        (
            first_page + per_later * (index - 1),
            first_page + per_later * index,
        )
    };
    let (from, to) = (from.min(st.txns.len()), to.min(st.txns.len()));
    let before = st.opening_cents + st.txns[..from].iter().map(|t| t.cents).sum::<i64>();
    (before, &st.txns[from..to])
}

/// Totals for the summary box: (deposits, withdrawals, closing).
pub(crate) fn totals(st: &Statement) -> (i64, i64, i64) {
    let deposits: i64 = st
        .txns
        .iter()
        .filter(|t| t.cents > 0)
        .map(|t| t.cents)
        .sum();
    let withdrawals: i64 = st
        .txns
        .iter()
        .filter(|t| t.cents < 0)
        .map(|t| t.cents)
        .sum();
    (
        deposits,
        withdrawals,
        st.opening_cents + deposits + withdrawals,
    )
}

/// An amount right-aligned at `x_right`. With `mixed`, one inner digit is drawn in `fonts.alt`, each piece
/// placed where the single string would have put it.
#[allow(
    clippy::too_many_arguments,
    reason = "a drawing call: position, size, fonts and the tamper switch"
)]
pub(crate) fn amount(
    c: &mut Canvas,
    style: Style,
    fonts: &Fonts,
    size: f32,
    x_right: f32,
    y: f32,
    text: &str,
    mixed: bool,
) -> f32 {
    let f = &fonts.amount;
    let x = x_right - f.width(text, size);
    let digit_at = text
        .char_indices()
        .filter(|(_, ch)| ch.is_ascii_digit())
        .map(|(i, _)| i)
        .nth(1);
    match digit_at.filter(|_| mixed) {
        Some(i) => {
            let (head, tail) = text.split_at(i);
            let (digit, rest) = tail.split_at(1);
            c.text(Style::Whole, f, size, x, y, head);
            let x_digit = x + f.width(head, size);
            c.text(Style::Whole, &fonts.alt, size, x_digit, y, digit);
            c.text(
                Style::Whole,
                f,
                size,
                x_digit + fonts.alt.width(digit, size),
                y,
                rest,
            );
        }
        None => c.text(style, f, size, x, y, text),
    }
    x
}

/// The transaction table: date, description, amount, running balance.
#[allow(
    clippy::too_many_arguments,
    reason = "column positions vary per layout"
)]
pub(crate) fn table(
    c: &mut Canvas,
    st: &Statement,
    fonts: &Fonts,
    style: Style,
    index: usize,
    top: f32,
    step: f32,
    shade: bool,
) {
    let (mut balance, rows) = page_rows(st, index);
    let size = 8.5;
    for (i, t) in rows.iter().enumerate() {
        let y = top - step * i as f32;
        if shade && i % 2 == 1 {
            c.fill(0.93, 60.0, y - 3.5, 492.0, step - 1.0);
        }
        balance += t.cents;
        let retyped = index == 0 && st.retyped_row == Some(i);
        let date = t
            .date
            .format(if retyped { "%m-%d" } else { "%m/%d" })
            .to_string();
        c.text(style, &fonts.body, size, 72.0, y, &date);
        c.text(style, &fonts.body, size, 120.0, y, &t.description);
        let amt = money(t.cents);
        amount(c, style, fonts, size, 470.0, y, &amt, false);
        c.mark(
            MarkKind::TransactionRow,
            &fonts.body,
            size,
            72.0,
            y,
            &format!("{date} {} {amt}", t.description),
        );
        if let Some(m) = c.marks.last_mut() {
            m.w = 470.0 - 72.0;
        }
        amount(c, style, fonts, size, 545.0, y, &money(balance), false);
    }
}
