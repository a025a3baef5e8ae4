//! Throughput measurement: pages per second, single-threaded and on a thread pool.
//!
//! Pages are already in memory, so only extraction is timed (no IO, no scoring).

use std::hint::black_box;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::run::{per_second, thread_pool};
use crate::{EvalError, Extractor, Page};

/// How to measure throughput.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThroughputConfig {
    /// Timed passes over all pages, for each mode (at least 1).
    pub passes: usize,
    /// Threads of the parallel mode (0: rayon's default, one per core).
    pub threads: usize,
    /// Untimed passes run first, single-threaded, to warm caches and allocators.
    pub warmup_passes: usize,
}

impl Default for ThroughputConfig {
    fn default() -> Self {
        ThroughputConfig { passes: 3, threads: 0, warmup_passes: 1 }
    }
}

/// One timed mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    /// Threads used.
    pub threads: usize,
    /// Pages extracted in total (pages × passes).
    pub pages: usize,
    /// Wall time of all timed passes.
    pub elapsed: Duration,
    /// `pages / elapsed`.
    pub pages_per_second: f64,
}

/// Single-threaded and parallel throughput of one extractor on one set of pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Throughput {
    /// Pages per pass.
    pub pages: usize,
    /// HTML bytes per pass.
    pub html_bytes: usize,
    /// Timed passes per mode.
    pub passes: usize,
    /// Extraction on the calling thread.
    pub single_thread: Measurement,
    /// Extraction on a rayon pool.
    pub parallel: Measurement,
}

/// Times `config.passes` passes of `extractor` over `pages`, first on the calling
/// thread, then on a rayon pool of `config.threads` threads.
pub fn measure_throughput(
    pages: &[Page],
    extractor: &dyn Extractor,
    config: &ThroughputConfig,
) -> Result<Throughput, EvalError> {
    let passes = config.passes.max(1);
    for _ in 0..config.warmup_passes {
        for page in pages {
            black_box(extractor.extract(&page.html, page.url.as_deref()));
        }
    }

    let started = Instant::now();
    for _ in 0..passes {
        for page in pages {
            black_box(extractor.extract(&page.html, page.url.as_deref()));
        }
    }
    let single_thread = measurement(1, pages.len() * passes, started.elapsed());

    let pool = thread_pool(config.threads)?;
    let started = Instant::now();
    pool.install(|| {
        for _ in 0..passes {
            pages.par_iter().for_each(|page| {
                black_box(extractor.extract(&page.html, page.url.as_deref()));
            });
        }
    });
    let parallel = measurement(pool.current_num_threads(), pages.len() * passes, started.elapsed());

    Ok(Throughput {
        pages: pages.len(),
        html_bytes: pages.iter().map(|page| page.html.len()).sum(),
        passes,
        single_thread,
        parallel,
    })
}

fn measurement(threads: usize, pages: usize, elapsed: Duration) -> Measurement {
    Measurement { threads, pages, elapsed, pages_per_second: per_second(pages, elapsed) }
}
