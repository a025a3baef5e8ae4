//! The 32-bit Mersenne Twister (MT19937) with NumPy's legacy `RandomState` seeding and bounded
//! integer draws, so that MinHash permutations can be drawn exactly as datasketch draws them.

const N: usize = 624;
const M: usize = 397;

/// MT19937 state, seeded like `numpy.random.RandomState(seed)`.
pub(crate) struct Mt19937 {
    state: [u32; N],
    index: usize,
}

impl Mt19937 {
    /// `RandomState(seed)` for an integer seed (`init_genrand`).
    pub(crate) fn new(seed: u32) -> Mt19937 {
        let mut state = [0u32; N];
        state[0] = seed;
        for i in 1..N {
            let previous = state[i - 1];
            state[i] =
                1_812_433_253u32.wrapping_mul(previous ^ (previous >> 30)).wrapping_add(i as u32);
        }
        Mt19937 { state, index: N }
    }

    fn twist(&mut self) {
        for i in 0..N {
            let y = (self.state[i] & 0x8000_0000) | (self.state[(i + 1) % N] & 0x7fff_ffff);
            let mut next = self.state[(i + M) % N] ^ (y >> 1);
            if y & 1 == 1 {
                next ^= 0x9908_b0df;
            }
            self.state[i] = next;
        }
        self.index = 0;
    }

    /// The next 32-bit output.
    pub(crate) fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// The next 64-bit output: high word first, as NumPy's `mt19937_next64`.
    fn next_u64(&mut self) -> u64 {
        let high = u64::from(self.next_u32());
        let low = u64::from(self.next_u32());
        (high << 32) | low
    }

    /// `RandomState.randint(low, high, dtype=np.uint64)`: uniform in `low..high` by masked
    /// rejection sampling, as NumPy's legacy generator does it.
    pub(crate) fn randint_u64(&mut self, low: u64, high: u64) -> u64 {
        let range = high - 1 - low;
        if range == 0 {
            return low;
        }
        let mask = u64::MAX >> range.leading_zeros();
        if range <= u64::from(u32::MAX) {
            let mask = mask as u32;
            loop {
                let value = self.next_u32() & mask;
                if u64::from(value) <= range {
                    return low + u64::from(value);
                }
            }
        }
        loop {
            let value = self.next_u64() & mask;
            if value <= range {
                return low + value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_sequence() {
        // The reference implementation's first outputs for init_genrand(5489).
        let mut mt = Mt19937::new(5489);
        let first: Vec<u32> = (0..3).map(|_| mt.next_u32()).collect();
        assert_eq!(first, vec![3_499_211_612, 581_869_302, 3_890_346_734]);
    }
}
