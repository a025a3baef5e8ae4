//! The fuzz targets' bodies (`fuzz/src/lib.rs`) run on every seed of `fuzz/seeds/` and on
//! deterministic mutations of them (bytes flipped, inserted and deleted, runs repeated, halves
//! spliced): what the fuzz targets check holds on each, without libFuzzer. CI runs this with
//! the tests; coverage-guided campaigns use cargo-fuzz (`fuzz/README.md`).

#[allow(dead_code, unreachable_pub)]
#[path = "../../../fuzz/src/lib.rs"]
mod targets;

use std::path::{Path, PathBuf};

/// Mutations tried per seed.
const MUTATIONS: usize = 16;
/// Mutated inputs are cut to this many bytes (the seeds themselves run whole).
const MAX_MUTATED: usize = 16 << 10;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// One mutation of `seed`, with `other` (another seed of the target) for splicing.
fn mutate(seed: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data: Vec<u8> = seed[..seed.len().min(MAX_MUTATED)].to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 if !data.is_empty() => {
                let at = rng.below(data.len());
                data[at] ^= 1 << rng.below(8);
            }
            1 => {
                let at = rng.below(data.len() + 1);
                let byte =
                    [b'<', b'>', b'"', b'\n', b'.', 0xE2, 0x80, 0x9C, 0xFF, b'0'][rng.below(10)];
                data.insert(at, byte);
            }
            2 if !data.is_empty() => {
                let at = rng.below(data.len());
                let end = (at + 1 + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            3 if !data.is_empty() => {
                let at = rng.below(data.len());
                let end = (at + 1 + rng.below(32)).min(data.len());
                let run = data[at..end].to_vec();
                for _ in 0..1 + rng.below(16) {
                    data.splice(at..at, run.iter().copied());
                }
            }
            4 => {
                let cut = rng.below(data.len() + 1);
                let from = rng.below(other.len().min(MAX_MUTATED) + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..other.len().min(from + MAX_MUTATED / 2)]);
            }
            _ => data.truncate(rng.below(data.len() + 1)),
        }
    }
    data.truncate(MAX_MUTATED);
    data
}

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("cannot read `{}`: {error}", folder.display()))
        .map(|entry| entry.expect("a seed entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let data = std::fs::read(&path).expect("a readable seed");
            (path, data)
        })
        .collect()
}

#[test]
fn every_fuzz_target_holds_on_its_seeds_and_their_mutations() {
    let mut runs = 0;
    for (index, target) in targets::TARGETS.iter().enumerate() {
        let seeds = seeds(target);
        assert!(!seeds.is_empty(), "no seeds for fuzz target `{target}`");
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (index as u64 + 1));
        for (number, (path, seed)) in seeds.iter().enumerate() {
            assert!(targets::run_target(target, seed), "unknown target `{target}`");
            runs += 1;
            let other = &seeds[(number + 1) % seeds.len()].1;
            for _ in 0..MUTATIONS {
                let input = mutate(seed, other, &mut rng);
                let outcome = std::panic::catch_unwind(|| targets::run_target(target, &input));
                assert!(
                    outcome.is_ok(),
                    "fuzz target `{target}` failed on a mutation of `{}`: {:?}",
                    path.display(),
                    String::from_utf8_lossy(&input[..input.len().min(200)])
                );
                runs += 1;
            }
        }
    }
    assert!(runs > targets::TARGETS.len() * MUTATIONS);
    assert!(!targets::run_target("no such target", b""));
}
