//! The encoder's operations with a backward pass that candle-nn lacks or pays too much for.
//!
//! candle-nn's fast softmax and layer norm are built without a backward: a model on them trains
//! nothing below them, silently (`../shared/notes/training.md`, gotcha 1). Its composite
//! fallbacks are correct but cost twice the time and memory. And a matrix product's backward
//! always computes both operands' gradients, so every frozen linear layer would pay for a
//! weight gradient nobody uses. These ops do only the work training needs:
//!
//! - [`frozen_linear`]: `x·W + b` whose backward returns only `grad·Wᵀ`;
//! - [`softmax`] over the last dimension;
//! - [`layer_norm`] with frozen scale and shift (gradient to the input only);
//! - [`gelu`], the exact (erf) GELU.
//!
//! Each runs on contiguous f32 CPU tensors, row by row in a fixed order, so gradients are the
//! same whatever the thread count.

use candle_core::{CpuStorage, CustomOp1, Device, Layout, Shape, Tensor};

use crate::gelu::erf;

fn contiguous<'a>(
    storage: &'a CpuStorage,
    layout: &Layout,
    op: &str,
) -> candle_core::Result<&'a [f32]> {
    let CpuStorage::F32(data) = storage else {
        candle_core::bail!("{op} wants f32 tensors");
    };
    let Some((start, end)) = layout.contiguous_offsets() else {
        candle_core::bail!("{op} wants a contiguous tensor");
    };
    Ok(&data[start..end])
}

/// A tensor's values in row-major order.
fn flat(tensor: &Tensor) -> candle_core::Result<Vec<f32>> {
    tensor.contiguous()?.flatten_all()?.to_vec1()
}

fn into_storage(tensor: &Tensor) -> candle_core::Result<CpuStorage> {
    Ok(CpuStorage::F32(flat(tensor)?))
}

/// A linear layer whose weight and bias never train: `x·W + b`, `W` stored `(in, out)`.
struct FrozenLinear {
    weight: Tensor,
    /// `Wᵀ`, contiguous, for the backward pass.
    transposed: Tensor,
    bias: Tensor,
}

impl CustomOp1 for FrozenLinear {
    fn name(&self) -> &'static str {
        "parallax-frozen-linear"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let x = contiguous(storage, layout, self.name())?;
        let x = Tensor::from_slice(x, layout.shape(), &Device::Cpu)?;
        let y = x.matmul(&self.weight)?.broadcast_add(&self.bias)?;
        Ok((into_storage(&y)?, y.shape().clone()))
    }

    fn bwd(
        &self,
        _arg: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<Option<Tensor>> {
        Ok(Some(grad.matmul(&self.transposed)?))
    }
}

/// `x·W + b` for `x` of shape `(rows, in)`, `W` `(in, out)` contiguous, `b` `(out,)`; the
/// gradient flows to `x` only.
pub(crate) fn frozen_linear(
    x: &Tensor,
    weight: &Tensor,
    bias: &Tensor,
) -> candle_core::Result<Tensor> {
    x.contiguous()?.apply_op1(FrozenLinear {
        weight: weight.clone(),
        transposed: weight.t()?.contiguous()?,
        bias: bias.clone(),
    })
}

struct Softmax;

impl CustomOp1 for Softmax {
    fn name(&self) -> &'static str {
        "parallax-softmax"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let x = contiguous(storage, layout, self.name())?;
        let width = layout.shape().dims().last().copied().unwrap_or(1).max(1);
        let mut out = vec![0f32; x.len()];
        for (out, row) in out.chunks_exact_mut(width).zip(x.chunks_exact(width)) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0f32;
            for (out, &value) in out.iter_mut().zip(row) {
                *out = (value - max).exp();
                sum += *out;
            }
            for out in out.iter_mut() {
                *out /= sum;
            }
        }
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }

    fn bwd(
        &self,
        _arg: &Tensor,
        res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<Option<Tensor>> {
        // dx = y ⊙ (dy − Σ dy ⊙ y)
        let width = res.dims().last().copied().unwrap_or(1).max(1);
        let y = flat(res)?;
        let dy = flat(grad)?;
        let mut dx = vec![0f32; y.len()];
        for ((dx, y), dy) in
            dx.chunks_exact_mut(width).zip(y.chunks_exact(width)).zip(dy.chunks_exact(width))
        {
            let dot: f32 = y.iter().zip(dy).map(|(y, dy)| y * dy).sum();
            for ((dx, y), dy) in dx.iter_mut().zip(y).zip(dy) {
                *dx = y * (dy - dot);
            }
        }
        Ok(Some(Tensor::from_vec(dx, res.shape(), res.device())?))
    }
}

/// Softmax over the last dimension.
pub(crate) fn softmax(x: &Tensor) -> candle_core::Result<Tensor> {
    x.contiguous()?.apply_op1(Softmax)
}

struct LayerNorm {
    weight: Vec<f32>,
    bias: Vec<f32>,
    eps: f32,
}

impl LayerNorm {
    /// The mean and `1/σ` of a row.
    fn moments(&self, row: &[f32]) -> (f32, f32) {
        let n = row.len() as f32;
        let mean = row.iter().sum::<f32>() / n;
        let variance = row.iter().map(|value| (value - mean) * (value - mean)).sum::<f32>() / n;
        (mean, 1.0 / (variance + self.eps).sqrt())
    }
}

impl CustomOp1 for LayerNorm {
    fn name(&self) -> &'static str {
        "parallax-layer-norm"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let x = contiguous(storage, layout, self.name())?;
        let width = self.weight.len();
        if width == 0 || x.len() % width != 0 {
            candle_core::bail!("layer norm: {} values do not split into rows of {width}", x.len());
        }
        let mut out = vec![0f32; x.len()];
        for (out, row) in out.chunks_exact_mut(width).zip(x.chunks_exact(width)) {
            let (mean, inverse) = self.moments(row);
            for (((out, value), weight), bias) in
                out.iter_mut().zip(row).zip(&self.weight).zip(&self.bias)
            {
                *out = (value - mean) * inverse * weight + bias;
            }
        }
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }

    fn bwd(
        &self,
        arg: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<Option<Tensor>> {
        // With g = dy ⊙ γ and x̂ the normalised row: dx = (g − mean(g) − x̂·mean(g ⊙ x̂)) / σ.
        let width = self.weight.len();
        let x = flat(arg)?;
        let dy = flat(grad)?;
        let mut dx = vec![0f32; x.len()];
        let mut g = vec![0f32; width];
        let mut normalised = vec![0f32; width];
        let n = width as f32;
        for ((dx, row), dy) in
            dx.chunks_exact_mut(width).zip(x.chunks_exact(width)).zip(dy.chunks_exact(width))
        {
            let (mean, inverse) = self.moments(row);
            for index in 0..width {
                normalised[index] = (row[index] - mean) * inverse;
                g[index] = dy[index] * self.weight[index];
            }
            let g_mean = g.iter().sum::<f32>() / n;
            let gx_mean = g.iter().zip(&normalised).map(|(g, x)| g * x).sum::<f32>() / n;
            for index in 0..width {
                dx[index] = (g[index] - g_mean - normalised[index] * gx_mean) * inverse;
            }
        }
        Ok(Some(Tensor::from_vec(dx, arg.shape(), arg.device())?))
    }
}

/// Layer normalisation over the last dimension with a frozen scale and shift.
pub(crate) fn layer_norm(
    x: &Tensor,
    weight: &Tensor,
    bias: &Tensor,
    eps: f32,
) -> candle_core::Result<Tensor> {
    x.contiguous()?.apply_op1(LayerNorm { weight: weight.to_vec1()?, bias: bias.to_vec1()?, eps })
}

struct Gelu;

impl CustomOp1 for Gelu {
    fn name(&self) -> &'static str {
        "parallax-gelu"
    }

    fn cpu_fwd(
        &self,
        storage: &CpuStorage,
        layout: &Layout,
    ) -> candle_core::Result<(CpuStorage, Shape)> {
        let x = contiguous(storage, layout, self.name())?;
        Ok((
            CpuStorage::F32(x.iter().map(|&x| crate::gelu::gelu(x)).collect()),
            layout.shape().clone(),
        ))
    }

    fn bwd(
        &self,
        arg: &Tensor,
        _res: &Tensor,
        grad: &Tensor,
    ) -> candle_core::Result<Option<Tensor>> {
        // gelu'(x) = Φ(x) + x·φ(x)
        let x = flat(arg)?;
        let dy = flat(grad)?;
        let density = 1.0 / (2.0 * std::f32::consts::PI).sqrt();
        let dx = x
            .iter()
            .zip(&dy)
            .map(|(&x, &dy)| {
                let cdf = 0.5 * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2));
                dy * (cdf + x * density * (-0.5 * x * x).exp())
            })
            .collect();
        Ok(Some(Tensor::from_vec(dx, arg.shape(), arg.device())?))
    }
}

/// The exact GELU.
pub(crate) fn gelu(x: &Tensor) -> candle_core::Result<Tensor> {
    x.contiguous()?.apply_op1(Gelu)
}

#[cfg(test)]
mod tests {
    use candle_core::{D, Var};

    use super::*;

    fn values(count: usize, seed: u64) -> Vec<f32> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ((state >> 40) as f32 / (1u64 << 24) as f32) * 4.0 - 2.0
            })
            .collect()
    }

    /// Max relative difference between two tensors' values.
    fn off(a: &Tensor, b: &Tensor) -> f32 {
        let a: Vec<f32> = a.flatten_all().unwrap().to_vec1().unwrap();
        let b: Vec<f32> = b.flatten_all().unwrap().to_vec1().unwrap();
        a.iter()
            .zip(&b)
            .map(|(a, b)| (a - b).abs() / a.abs().max(b.abs()).max(1.0))
            .fold(0.0, f32::max)
    }

    /// Our op and candle's composite op give the same values and input gradients.
    fn check(ours: impl Fn(&Tensor) -> Tensor, theirs: impl Fn(&Tensor) -> Tensor, tolerance: f32) {
        let x = Var::from_vec(values(6 * 16, 7), (6, 16), &Device::Cpu).unwrap();
        let weights = Tensor::from_vec(values(6 * 16, 11), (6, 16), &Device::Cpu).unwrap();
        let (a, b) = (ours(x.as_tensor()), theirs(x.as_tensor()));
        assert!(off(&a, &b) < tolerance, "values differ by {}", off(&a, &b));
        let grad_a = (a * &weights).unwrap().sum_all().unwrap().backward().unwrap();
        let grad_b = (b * &weights).unwrap().sum_all().unwrap().backward().unwrap();
        let (grad_a, grad_b) =
            (grad_a.get(x.as_tensor()).unwrap(), grad_b.get(x.as_tensor()).unwrap());
        assert!(off(grad_a, grad_b) < tolerance, "gradients differ by {}", off(grad_a, grad_b));
    }

    #[test]
    fn softmax_matches_candles() {
        check(|x| softmax(x).unwrap(), |x| candle_nn::ops::softmax(x, D::Minus1).unwrap(), 1e-6);
    }

    #[test]
    fn layer_norm_matches_candles() {
        let weight = Tensor::from_vec(values(16, 3), 16, &Device::Cpu).unwrap();
        let bias = Tensor::from_vec(values(16, 5), 16, &Device::Cpu).unwrap();
        check(
            |x| layer_norm(x, &weight, &bias, 1e-12).unwrap(),
            |x| candle_nn::ops::layer_norm_slow(x, &weight, &bias, 1e-12).unwrap(),
            1e-5,
        );
    }

    #[test]
    fn gelu_matches_candles() {
        check(|x| gelu(x).unwrap(), |x| x.gelu_erf().unwrap(), 1e-6);
    }

    #[test]
    fn frozen_linear_matches_a_product() {
        let weight = Tensor::from_vec(values(16 * 8, 13), (16, 8), &Device::Cpu).unwrap();
        let bias = Tensor::from_vec(values(8, 17), 8, &Device::Cpu).unwrap();
        let x = Var::from_vec(values(6 * 16, 7), (6, 16), &Device::Cpu).unwrap();
        let weights = Tensor::from_vec(values(6 * 8, 19), (6, 8), &Device::Cpu).unwrap();
        let a = frozen_linear(x.as_tensor(), &weight, &bias).unwrap();
        let b = x.as_tensor().matmul(&weight).unwrap().broadcast_add(&bias).unwrap();
        assert!(off(&a, &b) < 1e-6);
        let grad_a = (a * &weights).unwrap().sum_all().unwrap().backward().unwrap();
        let grad_b = (b * &weights).unwrap().sum_all().unwrap().backward().unwrap();
        assert!(off(grad_a.get(x.as_tensor()).unwrap(), grad_b.get(x.as_tensor()).unwrap()) < 1e-6);
    }
}
