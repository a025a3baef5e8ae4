//! The exact (erf) GELU with the bias of the layer before it, fused into one pass on the CPU.
//!
//! candle's `gelu_erf` runs a scalar, double-precision `erf` per element (7 % of a forward pass
//! on 2 cores). Here `erf` is XLA's single-precision rational approximation (odd polynomial of
//! degree 13 over an even one of degree 8, input clamped to ±4): 6.5e-8 off the exact `erf` in
//! exact arithmetic, at most 5e-7 in single precision (near ±3.9). It is a branch-free loop the
//! compiler vectorises for the best instruction set `pulp` finds at run time. Other devices take
//! candle's ops.

use candle_core::{CpuStorage, CustomOp2, DType, Layout, Shape, Tensor};

/// Numerator coefficients of XLA's `ErfImpl32`, highest power first (in `x²`, times `x`).
const ALPHA: [f32; 7] = [
    -2.726_142_4e-10,
    2.770_681_5e-8,
    -2.101_024e-6,
    -5.692_506_2e-5,
    -7.349_906_4e-4,
    -2.954_6e-3,
    -1.609_603_3e-2,
];

/// Denominator coefficients, highest power first (in `x²`).
const BETA: [f32; 5] =
    [-1.456_607_15e-5, -2.133_740_5e-4, -1.682_827e-3, -7.373_329_3e-3, -1.426_473_9e-2];

/// `erf(x)`, at most 5e-7 off.
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut numerator = ALPHA[0];
    for coefficient in &ALPHA[1..] {
        numerator = numerator * x2 + coefficient;
    }
    let mut denominator = BETA[0];
    for coefficient in &BETA[1..] {
        denominator = denominator * x2 + coefficient;
    }
    x * numerator / denominator
}

/// `0.5 x (1 + erf(x / √2))`.
#[inline(always)]
pub(crate) fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// `gelu(x + bias)` for a contiguous `(rows, features)` `x` and a `(features,)` bias.
fn bias_gelu_slice(x: &[f32], bias: &[f32]) -> Vec<f32> {
    let mut out = vec![0f32; x.len()];
    pulp::Arch::new().dispatch(|| {
        for (out, x) in out.chunks_exact_mut(bias.len()).zip(x.chunks_exact(bias.len())) {
            for ((out, &x), &bias) in out.iter_mut().zip(x).zip(bias) {
                *out = gelu(x + bias);
            }
        }
    });
    out
}

struct BiasGelu;

impl CustomOp2 for BiasGelu {
    fn name(&self) -> &'static str {
        "parallax-bias-gelu"
    }

    fn cpu_fwd(
        &self,
        x: &CpuStorage,
        x_layout: &Layout,
        bias: &CpuStorage,
        bias_layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let (CpuStorage::F32(x), CpuStorage::F32(bias)) = (x, bias) else {
            candle_core::bail!("bias-gelu wants f32 tensors");
        };
        let (Some((x_start, x_end)), Some((b_start, b_end))) =
            (x_layout.contiguous_offsets(), bias_layout.contiguous_offsets())
        else {
            candle_core::bail!("bias-gelu wants contiguous tensors");
        };
        let (x, bias) = (&x[x_start..x_end], &bias[b_start..b_end]);
        if bias.is_empty() || x.len() % bias.len() != 0 {
            candle_core::bail!(
                "bias-gelu: {} values do not split into rows of {}",
                x.len(),
                bias.len()
            );
        }
        Ok((CpuStorage::F32(bias_gelu_slice(x, bias)), x_layout.shape().clone()))
    }
}

/// `gelu_erf(x + bias)`, `bias` broadcast over the last dimension of `x`.
pub(crate) fn bias_gelu(x: &Tensor, bias: &Tensor) -> candle_core::Result<Tensor> {
    if x.device().is_cpu()
        && x.dtype() == DType::F32
        && bias.dims1()? == x.dim(candle_core::D::Minus1)?
    {
        x.contiguous()?.apply_op2_no_bwd(&bias.contiguous()?, &BiasGelu)
    } else {
        x.broadcast_add(bias)?.gelu_erf()
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Tensor};

    use super::*;

    #[test]
    fn erf_is_within_5e7_of_candles() {
        let xs: Vec<f32> = (-120_000..=120_000).map(|step| step as f32 * 1e-4).collect();
        let exact = Tensor::new(xs.as_slice(), &Device::Cpu).unwrap().erf().unwrap();
        let exact: Vec<f32> = exact.to_vec1().unwrap();
        let worst = xs.iter().zip(&exact).map(|(&x, &e)| (erf(x) - e).abs()).fold(0f32, f32::max);
        // Single-precision rounding of the rational function: worst near |x| = 3.9.
        assert!(worst < 5e-7, "erf off by {worst}");
        assert_eq!(erf(0.0), 0.0);
        assert_eq!(erf(-1.5), -erf(1.5));
        assert_eq!(erf(9.0), erf(4.0));
    }

    #[test]
    fn bias_gelu_matches_candles_gelu_erf() {
        // Every pre-activation value a layer of this model can plausibly produce, and beyond.
        let xs: Vec<f32> = (-200_000..200_000).map(|step| step as f32 * 1e-4).collect();
        let x = Tensor::from_vec(xs, (2000, 200), &Device::Cpu).unwrap();
        let bias: Vec<f32> = (0..200).map(|index| (index as f32 - 100.0) * 0.01).collect();
        let bias = Tensor::new(bias.as_slice(), &Device::Cpu).unwrap();
        let ours: Vec<f32> =
            bias_gelu(&x, &bias).unwrap().flatten_all().unwrap().to_vec1().unwrap();
        let shifted = x.broadcast_add(&bias).unwrap();
        let theirs: Vec<f32> =
            shifted.gelu_erf().unwrap().flatten_all().unwrap().to_vec1().unwrap();
        let inputs: Vec<f32> = shifted.flatten_all().unwrap().to_vec1().unwrap();
        // Absolute below |x| = 1, relative above (f32 spacing grows with |x|).
        let worst = inputs
            .iter()
            .zip(ours.iter().zip(&theirs))
            .map(|(x, (a, b))| (a - b).abs() / x.abs().max(1.0))
            .fold(0f32, f32::max);
        assert!(worst < 3e-7, "gelu off by {worst} (relative)");
    }
}
