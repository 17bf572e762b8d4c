//! Classic: Helvetica, whole strings, the bank's return address top left (a decoy block), the account box
//! top right, the holder block under it on the left, a summary, and a shaded transaction table.

use super::{Fonts, amount, table, totals};
use crate::synth::{
    model::{Statement, money},
    page::{Canvas, MarkKind, Style},
};

pub(super) fn page(st: &Statement, f: &Fonts, index: usize) -> Canvas {
    // Some print drivers place every character on its own.
    let per_char = st.per_char;
    let mut c = Canvas::default();
    let s = if per_char {
        Style::PerChar
    } else {
        Style::Whole
    };
    let (start, end) = st.period;
    let fmt = |d: chrono::NaiveDate| d.format("%m/%d/%Y").to_string();
    c.text(s, &f.bold, 14.0, 54.0, 750.0, &st.bank.name);
    c.text(s, &f.body, 8.0, 54.0, 736.0, &st.bank.street);
    c.text(s, &f.body, 8.0, 54.0, 726.0, &st.bank.city_line);
    let account = if index == 0 {
        &st.account_line
    } else {
        &st.account_masked_line
    };
    c.text(
        s,
        &f.body,
        9.0,
        360.0,
        750.0,
        &format!("Statement Period: {} - {}", fmt(start), fmt(end)),
    );
    c.text(s, &f.body, 9.0, 360.0, 737.0, account);
    c.text(
        s,
        &f.body,
        9.0,
        360.0,
        724.0,
        &format!("Page {} of {}", index + 1, st.pages),
    );
    if index > 0 {
        header(&mut c, f, s, 690.0);
        table(&mut c, st, f, s, index, 672.0, 15.0, true);
        footer(&mut c, st, f, s);
        return c;
    }
    let mut y = 660.0;
    for line in st.name_lines.iter().chain([&st.street, &st.city_line]) {
        c.text(s, &f.body, 10.0, 72.0, y, line);
        y -= 12.0;
    }
    c.text(
        s,
        &f.body,
        9.0,
        360.0,
        660.0,
        &format!("Customer Service: {}", st.bank.phone),
    );
    c.text(s, &f.body, 9.0, 360.0, 647.0, &st.bank.website);

    let (deposits, withdrawals, closing) = totals(st);
    c.text(s, &f.bold, 11.0, 72.0, 590.0, "ACCOUNT SUMMARY");
    let rows = [
        (
            format!("Beginning Balance on {}", fmt(start)),
            money(st.opening_cents),
        ),
        ("Deposits and Other Credits".to_string(), money(deposits)),
        (
            "Withdrawals and Other Debits".to_string(),
            money(withdrawals),
        ),
    ];
    let mut y = 574.0;
    for (label, value) in &rows {
        c.text(s, &f.body, 9.0, 72.0, y, label);
        amount(&mut c, s, f, 9.0, 540.0, y, value, false);
        y -= 13.0;
    }
    c.text(
        s,
        &f.bold,
        9.0,
        72.0,
        y,
        &format!("Ending Balance on {}", fmt(end)),
    );
    let closing_text = money(closing);
    let x = amount(
        &mut c,
        s,
        f,
        9.0,
        540.0,
        y,
        &closing_text,
        st.mixed_font_digit,
    );
    c.mark(
        MarkKind::ClosingBalance,
        &f.amount,
        9.0,
        x,
        y,
        &closing_text,
    );

    header(&mut c, f, s, 500.0);
    table(&mut c, st, f, s, 0, 482.0, 15.0, true);
    footer(&mut c, st, f, s);
    c
}

fn header(c: &mut Canvas, f: &Fonts, s: Style, y: f32) {
    c.fill(0.85, 60.0, y - 4.0, 492.0, 15.0);
    c.text(s, &f.bold, 9.0, 72.0, y, "Date");
    c.text(s, &f.bold, 9.0, 120.0, y, "Description");
    c.text(s, &f.bold, 9.0, 435.0, y, "Amount");
    c.text(s, &f.bold, 9.0, 505.0, y, "Balance");
}

fn footer(c: &mut Canvas, st: &Statement, f: &Fonts, s: Style) {
    let text = format!("Member FDIC | {}", st.bank.website);
    c.text(s, &f.body, 7.0, 54.0, 40.0, &text);
    c.links
        .push([54.0, 37.0, 54.0 + f.body.width(&text, 7.0), 47.0]);
}
