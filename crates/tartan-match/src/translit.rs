//! Latin spellings of Cyrillic and Greek letters, so a name typed in its own script meets the Latin spelling a
//! bank keeps ("Владислав Некрасов" = "Vladislav Nekrasov"). Russian and Ukrainian follow the BGN/PCGN
//! romanisations, Greek follows ELOT 743 (the Greek passport standard). Letters with diacritics (й, ё, ї, ά) have
//! already been decomposed by [`crate::text::fold`], so only base letters are listed. Other scripts (Han, Hangul,
//! Arabic…) are left as they are: romanising them needs dictionaries this crate does not carry.
//!
//! Banks and the software behind them also romanise letter by letter (ISO 9 style for Cyrillic, the classical
//! reading for Greek): `Юлия` as `Iuliia`, `Βασίλειος` as `Basileios`, `Χρήστος` as `Khrestos`. [`letterwise`]
//! gives that second reading where it differs, and names in those scripts are compared under both.

/// The Latin spelling of one lowercase Cyrillic or Greek letter; `None` for any other character.
pub(crate) fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        // Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian letters).
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'э' | 'є' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'ы' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        // Greek.
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' | 'ι' => "i",
        'θ' => "th",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ω' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        _ => return None,
    })
}

/// The letter-by-letter reading of one lowercase Cyrillic or Greek letter where it differs from [`latin`]: `ю`,
/// `я`, `є` as `iu`, `ia`, `ie`; Greek `β`, `η`, `υ`, `φ`, `χ` as `b`, `e`, `u`, `ph`, `kh`.
pub(crate) fn letterwise(c: char) -> Option<&'static str> {
    Some(match c {
        'ю' => "iu",
        'я' => "ia",
        'є' => "ie",
        'β' => "b",
        'η' => "e",
        'υ' => "u",
        'φ' => "ph",
        'χ' => "kh",
        _ => return latin(c),
    })
}
