//! Word pools the generator draws people, businesses and places from. Common US given names and surnames (with
//! Hispanic, East Asian and accented ones so every normalisation rule has material), streets and real
//! city/state/ZIP triples. Plain facts typed in for test data; nothing here is read by the engine.

#[rustfmt::skip]
pub(crate) const GIVEN: &[&str] = &[
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Dorothy", "Kevin", "Carol", "Brian", "Amanda", "George", "Melissa", "Edward", "Deborah",
    "Ronald", "Stephanie", "Timothy", "Rebecca", "Jason", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia",
    "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Shirley", "Eric", "Angela", "Jonathan", "Helen",
    "Stephen", "Anna", "Larry", "Brenda", "Justin", "Pamela", "Scott", "Nicole", "Brandon", "Samantha",
    "Benjamin", "Katherine", "Samuel", "Christine", "Gregory", "Debra", "Frank", "Rachel", "Alexander",
    "Catherine", "Raymond", "Carolyn", "Patrick", "Janet", "Jack", "Ruth", "Dennis", "Maria", "Jerry",
    "Heather", "Tyler", "Diane", "Aaron", "Virginia", "Jose", "Julie", "Adam", "Joyce", "Henry", "Victoria",
    "Nathan", "Olivia", "Douglas", "Kelly", "Zachary", "Christina", "Peter", "Lauren", "Kyle", "Joan",
    "Walter", "Evelyn", "Ethan", "Judith", "Jeremy", "Megan", "Harold", "Cheryl", "Keith", "Andrea",
    "Christian", "Hannah", "Roger", "Martha", "Noah", "Jacqueline", "Gerald", "Frances", "Carl", "Gloria",
    "Terry", "Ann", "Sean", "Teresa", "Austin", "Kathryn", "Arthur", "Sara", "Lawrence", "Janice",
    "Alberta", "Wei", "Mei", "Hiroshi", "Yuki", "Priya", "Arjun", "Fatima", "Omar", "Carlos", "Lucia",
];

#[rustfmt::skip]
pub(crate) const SURNAMES: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson",
    "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
    "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Peterson", "Cooper", "Reed",
    "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett",
    "Gray", "James", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Powell", "Jenkins",
    "Perry", "Russell", "Sullivan", "Fisher", "Henderson", "Coleman", "Simmons", "Patterson", "Jordan",
    "Reynolds", "Hamilton", "Graham", "Wallace", "Woods", "Cole", "West", "Owens", "Marshall", "Andrews",
    "Charleson", "Johnston", "Harrison", "Gibson", "McDonald", "Kennedy", "Wells", "Alvarez", "Castillo",
    "Chen", "Wang", "Li", "Zhang", "Liu", "Kim", "Park", "Nguyen", "Tran", "Patel", "Shah", "Tanaka",
    "Sato", "O'Brien", "O'Connor", "D'Angelo", "MacLeod", "Schmidt", "Novak", "Kowalski", "Haddad",
];

/// Hispanic surnames, paired into double surnames.
#[rustfmt::skip]
pub(crate) const HISPANIC: &[&str] = &[
    "García", "López", "Martínez", "Rodríguez", "Hernández", "González", "Pérez", "Sánchez", "Ramírez",
    "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Ortiz", "Gutiérrez", "Chávez",
    "Ramos", "Ruiz", "Mendoza", "Vargas", "Castro", "Jiménez", "Moreno", "Romero", "Herrera", "Medina",
];

/// Given names written with diacritics, for the folding rule.
#[rustfmt::skip]
pub(crate) const ACCENTED_GIVEN: &[&str] = &[
    "José", "María", "Zoë", "Renée", "Björn", "Łukasz", "Søren", "Chloé", "André", "Inés", "Raúl",
    "François", "Jürgen", "Ángel", "Noémie", "Dominik", "Ólafur", "Mónica", "Joël",
];

#[rustfmt::skip]
pub(crate) const BUSINESS_FIRST: &[&str] = &[
    "Acme", "Summit", "Blue Ridge", "Pioneer", "Evergreen", "Harbor", "Granite", "Redwood", "Lakeside",
    "Northstar", "Silver Oak", "Keystone", "Bright Path", "Ironwood", "Maple Leaf", "Riverbend", "Cobalt",
    "Sunrise", "Golden Gate", "Prairie", "Cedar Point", "Falcon", "Atlas", "Beacon", "Horizon",
];

#[rustfmt::skip]
pub(crate) const BUSINESS_SECOND: &[&str] = &[
    "Widgets", "Logistics", "Consulting", "Dental", "Bakery", "Landscaping", "Holdings", "Partners",
    "Roofing", "Analytics", "Plumbing", "Realty", "Coffee", "Fitness", "Design", "Software", "Auto Repair",
    "Veterinary", "Catering", "Construction", "Pharmacy", "Media", "Trucking", "Florist", "Accounting",
];

#[rustfmt::skip]
pub(crate) const LEGAL_FORMS: &[&str] = &["LLC", "Inc", "Corp", "Ltd", "Inc.", "L.L.C.", "Corporation", "Co."];

#[rustfmt::skip]
pub(crate) const STREETS: &[&str] = &[
    "Leisure", "Cameron", "Main", "Oak", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park",
    "Pine", "Walnut", "Sunset", "Jackson", "Highland", "Willow", "Meadow", "Forest", "River", "Church",
    "Spring", "Center", "Madison", "Lincoln", "Franklin", "Jefferson", "Chestnut", "Dogwood", "Magnolia",
    "Sycamore", "Hickory", "Laurel", "Juniper", "Aspen", "Birch", "Cherry", "Peachtree", "Mission",
    "Valley", "Ridge", "Canyon", "Harbor", "Prospect", "Greenwood", "Fairview", "Riverside", "Lakeview",
    "Martin Luther King", "Saint Charles", "Mount Vernon", "Fifth", "Third", "Second", "Tenth",
];

/// Suffixes as written out, with the abbreviation people also use.
#[rustfmt::skip]
pub(crate) const SUFFIXES: &[(&str, &str)] = &[
    ("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Lane", "Ln"), ("Drive", "Dr"),
    ("Boulevard", "Blvd"), ("Court", "Ct"), ("Place", "Pl"), ("Terrace", "Ter"), ("Circle", "Cir"),
    ("Parkway", "Pkwy"), ("Highway", "Hwy"), ("Way", "Way"), ("Trail", "Trl"), ("Square", "Sq"),
];

#[rustfmt::skip]
pub(crate) const DIRECTIONALS: &[(&str, &str)] = &[
    ("North", "N"), ("South", "S"), ("East", "E"), ("West", "W"), ("Northwest", "NW"), ("Southeast", "SE"),
];

/// Unit designators as people write them.
pub(crate) const UNITS: &[&str] = &["Apt", "Apartment", "Unit", "#", "Suite", "Ste"];

/// (city, state code, state name, ZIP): real places.
#[rustfmt::skip]
pub(crate) const PLACES: &[(&str, &str, &str, &str)] = &[
    ("Malakoff", "NY", "New York", "14236"), ("San Matias", "CA", "California", "93405"),
    ("Springfield", "IL", "Illinois", "62701"), ("Austin", "TX", "Texas", "78701"),
    ("Portland", "OR", "Oregon", "97205"), ("Denver", "CO", "Colorado", "80202"),
    ("Saint Louis", "MO", "Missouri", "63101"), ("Fort Worth", "TX", "Texas", "76102"),
    ("Boston", "MA", "Massachusetts", "02108"), ("Seattle", "WA", "Washington", "98101"),
    ("Atlanta", "GA", "Georgia", "30303"), ("Miami", "FL", "Florida", "33130"),
    ("Phoenix", "AZ", "Arizona", "85004"), ("Columbus", "OH", "Ohio", "43215"),
    ("Nashville", "TN", "Tennessee", "37203"), ("Madison", "WI", "Wisconsin", "53703"),
    ("Boise", "ID", "Idaho", "83702"), ("Omaha", "NE", "Nebraska", "68102"),
    ("Albany", "NY", "New York", "12207"), ("Richmond", "VA", "Virginia", "23219"),
    ("Raleigh", "NC", "North Carolina", "27601"), ("Santa Fe", "NM", "New Mexico", "87501"),
    ("Salt Lake City", "UT", "Utah", "84111"), ("Burlington", "VT", "Vermont", "05401"),
    ("Charleston", "SC", "South Carolina", "29401"), ("Des Moines", "IA", "Iowa", "50309"),
    ("Anchorage", "AK", "Alaska", "99501"), ("Honolulu", "HI", "Hawaii", "96813"),
    ("Mount Vernon", "WA", "Washington", "98273"), ("North Las Vegas", "NV", "Nevada", "89030"),
];

/// US area codes in service.
#[rustfmt::skip]
pub(crate) const AREA_CODES: &[&str] = &[
    "201", "202", "206", "212", "213", "214", "215", "303", "305", "312", "313", "404", "408", "415",
    "503", "512", "602", "617", "619", "702", "713", "718", "720", "773", "801", "808", "919", "971",
];

#[rustfmt::skip]
pub(crate) const EMAIL_DOMAINS: &[&str] = &[
    "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "example.com",
    "proton.me", "fastmail.com", "comcast.net",
];
