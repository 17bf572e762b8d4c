//! Modern: the embedded DejaVu Sans, one run per word, a coloured logo, account and period on the left, the
//! holder block on the right under an "Account holder" label (window envelopes on the right, as in Europe
//! and Canada), and a table with a coloured header band.

use super::{Fonts, amount, table, totals};
use crate::synth::{
    model::{Statement, money},
    page::{Canvas, MarkKind, Style},
};

const S: Style = Style::PerWord;

pub(super) fn page(st: &Statement, f: &Fonts, index: usize) -> Canvas {
    let mut c = Canvas::default();
    let (start, end) = st.period;
    c.fill_rgb([0.05, 0.35, 0.6], 54.0, 735.0, 28.0, 28.0);
    c.text(S, &f.bold, 13.0, 92.0, 748.0, &st.bank.name);
    c.text(
        S,
        &f.body,
        8.0,
        92.0,
        737.0,
        &format!("{} {}", st.bank.phone, st.bank.website),
    );
    if index > 0 {
        c.text(S, &f.body, 9.0, 54.0, 700.0, &st.account_masked_line);
        c.text(
            S,
            &f.body,
            9.0,
            470.0,
            700.0,
            &format!("Page {}/{}", index + 1, st.pages),
        );
        band(&mut c, f, 676.0);
        table(&mut c, st, f, S, index, 660.0, 14.0, false);
        return c;
    }
    c.text(S, &f.body, 10.0, 54.0, 700.0, &st.account_line);
    if st.period_label_above {
        c.text(S, &f.body, 8.0, 54.0, 684.0, "Statement period");
        let short = |d: chrono::NaiveDate| d.format("%b %-d, %Y").to_string();
        c.text(
            S,
            &f.body,
            10.0,
            54.0,
            672.0,
            &format!("{} \u{2013} {}", short(start), short(end)).replace('\u{2013}', "-"),
        );
    } else {
        c.text(
            S,
            &f.body,
            10.0,
            54.0,
            684.0,
            &format!(
                "Statement period {} to {}",
                start.format("%Y-%m-%d"),
                end.format("%Y-%m-%d")
            ),
        );
    }
    c.text(S, &f.body, 10.0, 54.0, 658.0, "Currency: USD");
    c.text(S, &f.body, 8.0, 330.0, 712.0, "Account holder");
    let mut y = 698.0;
    for line in st.name_lines.iter().chain([&st.street, &st.city_line]) {
        c.text(S, &f.body, 10.0, 330.0, y, line);
        y -= 12.0;
    }
    let (deposits, withdrawals, closing) = totals(st);
    let rows = [
        ("Opening balance", money(st.opening_cents)),
        ("Money in", money(deposits)),
        ("Money out", money(withdrawals)),
    ];
    let mut y = 600.0;
    for (label, value) in &rows {
        c.text(S, &f.body, 10.0, 54.0, y, label);
        amount(&mut c, S, f, 10.0, 300.0, y, value, false);
        y -= 14.0;
    }
    c.text(S, &f.bold, 10.0, 54.0, y, "Closing balance");
    let closing_text = money(closing);
    let x = amount(
        &mut c,
        S,
        f,
        10.0,
        300.0,
        y,
        &closing_text,
        st.mixed_font_digit,
    );
    c.mark(
        MarkKind::ClosingBalance,
        &f.amount,
        10.0,
        x,
        y,
        &closing_text,
    );
    band(&mut c, f, 500.0);
    table(&mut c, st, f, S, 0, 484.0, 14.0, false);
    c
}

fn band(c: &mut Canvas, f: &Fonts, y: f32) {
    c.fill_rgb([0.85, 0.92, 0.97], 60.0, y - 4.0, 492.0, 15.0);
    c.text(S, &f.bold, 9.0, 72.0, y, "Date");
    c.text(S, &f.bold, 9.0, 120.0, y, "Details");
    c.text(S, &f.bold, 9.0, 430.0, y, "Amount");
    c.text(S, &f.bold, 9.0, 505.0, y, "Balance");
}
