//! Ledger: Times with Courier amounts (both with `/Widths`), kerned `TJ` strings, a centred letterhead, a
//! "Prepared for:" holder block on the left facing the account box on the right, and an unshaded table.

use super::{Fonts, amount, table, totals};
use crate::synth::{
    model::{Statement, money},
    page::{Canvas, MarkKind, Style},
};

const S: Style = Style::Kerned;

fn centred(c: &mut Canvas, f: &crate::synth::page::FontRes, size: f32, y: f32, text: &str) {
    c.text(S, f, size, 306.0 - f.width(text, size) / 2.0, y, text);
}

pub(super) fn page(st: &Statement, f: &Fonts, index: usize) -> Canvas {
    let mut c = Canvas::default();
    let (start, end) = st.period;
    let long = |d: chrono::NaiveDate| d.format("%B %-d, %Y").to_string();
    centred(&mut c, &f.bold, 16.0, 750.0, &st.bank.name);
    centred(
        &mut c,
        &f.body,
        9.0,
        735.0,
        &format!("{}, {}", st.bank.street, st.bank.city_line),
    );
    centred(
        &mut c,
        &f.body,
        10.0,
        716.0,
        &format!("For the period {} through {}", long(start), long(end)),
    );
    if index > 0 {
        c.text(S, &f.body, 9.0, 72.0, 690.0, &st.account_masked_line);
        c.text(
            S,
            &f.body,
            9.0,
            460.0,
            690.0,
            &format!("Page {} of {}", index + 1, st.pages),
        );
        c.rule(60.0, 552.0, 680.0);
        table(&mut c, st, f, S, index, 664.0, 14.0, false);
        return c;
    }
    c.text(S, &f.body, 9.0, 72.0, 660.0, "Prepared for:");
    let mut y = 646.0;
    for line in st.name_lines.iter().chain([&st.street, &st.city_line]) {
        c.text(S, &f.bold, 10.0, 72.0, y, line);
        y -= 12.5;
    }
    c.text(S, &f.body, 10.0, 340.0, 660.0, &st.account_line);
    c.text(
        S,
        &f.body,
        10.0,
        340.0,
        646.0,
        &format!(
            "Statement date: {}",
            (end + chrono::Duration::days(2)).format("%m/%d/%Y")
        ),
    );
    c.text(
        S,
        &f.body,
        10.0,
        340.0,
        632.0,
        &format!("Page 1 of {}", st.pages),
    );

    let (deposits, withdrawals, closing) = totals(st);
    c.rule(60.0, 552.0, 585.0);
    let rows = [
        ("Opening balance", money(st.opening_cents)),
        ("Total credits", money(deposits)),
        ("Total debits", money(withdrawals)),
    ];
    let mut y = 570.0;
    for (label, value) in &rows {
        c.text(S, &f.body, 10.0, 72.0, y, label);
        amount(&mut c, S, f, 10.0, 545.0, y, value, false);
        y -= 14.0;
    }
    c.text(S, &f.bold, 10.0, 72.0, y, "Closing balance");
    let closing_text = money(closing);
    let x = amount(
        &mut c,
        S,
        f,
        10.0,
        545.0,
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
    c.rule(60.0, 552.0, y - 8.0);
    c.text(S, &f.bold, 10.0, 72.0, 480.0, "Transaction details");
    table(&mut c, st, f, S, 0, 462.0, 14.0, false);
    c
}
