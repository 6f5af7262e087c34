"""4× super-resolution on tiny models: shapes, alpha, grayscale, tiling seams, limits, blending;
and the MATLAB bicubic that makes training inputs the way the benchmark made its inputs."""
import numpy as np
import pytest
import torch
from PIL import Image

from ganedit.data import DEFAULT_SR
from ganedit.edits.superres import TooLargeError, blend_weights, upscale_array, upscale_image
from ganedit.imaging import matlab_imresize
from ganedit.models.sr import SRConfig, SRDiscriminator, SRResNet


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return SRResNet(SRConfig(channels=8, blocks=2)).eval().requires_grad_(False)


def noise(h, w, channels=3, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (h, w, channels), dtype=np.uint8)


def test_output_is_four_times_larger(model):
    assert model(torch.zeros(2, 3, 10, 12)).shape == (2, 3, 40, 48)
    logits, features = SRDiscriminator()(torch.zeros(1, 3, 64, 64))
    assert logits.shape == (1, 1, 4, 4) and len(features) == 8


def test_tiles_agree_with_one_pass(model):
    rgb = noise(70, 90)
    whole = upscale_array(model, rgb, tile=1000)
    tiled = upscale_array(model, rgb, tile=32, margin=24)
    assert np.abs(whole.astype(int) - tiled.astype(int)).max() <= 1  # float rounding only, no seams


def test_alpha_and_grayscale_keep_their_mode(model):
    rgba = Image.fromarray(noise(16, 20, 4))
    out = upscale_image(model, rgba)
    assert out.mode == "RGBA" and out.size == (80, 64)
    expected_alpha = rgba.getchannel("A").resize((80, 64), Image.BICUBIC)
    assert np.array_equal(np.asarray(out.getchannel("A")), np.asarray(expected_alpha))
    assert upscale_image(model, Image.fromarray(noise(16, 20, 1)[..., 0])).mode == "L"


def test_size_limit_is_enforced(model):
    with pytest.raises(TooLargeError, match="limit"):
        upscale_image(model, Image.new("RGB", (200, 200)), max_pixels=100 * 100)


def test_blend_interpolates_weights(model):
    torch.manual_seed(1)
    other = SRResNet(SRConfig(channels=8, blocks=2)).eval()
    x = torch.rand(1, 3, 8, 8)
    assert torch.allclose(blend_weights(model, other, 0.0)(x), model(x))
    assert torch.allclose(blend_weights(model, other, 1.0)(x), other(x), atol=1e-6)
    with pytest.raises(ValueError, match="blend"):
        blend_weights(model, other, 1.5)


def test_matlab_bicubic_keeps_flat_images_flat_and_shrinks_by_four():
    flat = np.full((40, 28, 3), 77, np.uint8)
    small = matlab_imresize(flat, 0.25)
    assert small.shape == (10, 7, 3) and (small == 77).all()


def test_matlab_bicubic_reproduces_the_benchmark_inputs():
    hr_path = DEFAULT_SR / "Set5" / "bird.png"
    if not hr_path.exists():
        pytest.skip(f"super-resolution data not found at {DEFAULT_SR}")
    hr = np.asarray(Image.open(hr_path))
    lr = np.asarray(Image.open(DEFAULT_SR / "Set5" / "LR_bicubic_X4" / "bird.png"))
    assert np.abs(matlab_imresize(hr, 0.25).astype(float) - lr).mean() < 0.1


def test_patch_sampler_skips_images_smaller_than_a_patch():
    from ganedit.train.sr import PatchSampler

    big = (np.zeros((64, 64, 3), np.uint8), np.zeros((16, 16, 3), np.uint8))
    tiny = (np.zeros((20, 20, 3), np.uint8), np.zeros((5, 5, 3), np.uint8))
    low, high = PatchSampler([tiny, big], lr_size=8).batch(4)
    assert low.shape == (4, 3, 8, 8) and high.shape == (4, 3, 32, 32)
    with pytest.raises(ValueError, match="no training image"):
        PatchSampler([tiny], lr_size=8)


MEASURE_PEAK = """
import resource, sys
import numpy as np, torch
from ganedit.edits.superres import upscale_array
from ganedit.models.sr import SRConfig, SRResNet
torch.manual_seed(0)
model = SRResNet(SRConfig()).eval().requires_grad_(False)  # the shipped size, random weights
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = upscale_array(model, np.full((2000, 2000, 3), 128, np.uint8))
assert out.shape == (8000, 8000, 3)
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_a_2000_pixel_photo_upscales_in_bounded_memory():
    """The full-size network on a 2000×2000 input (an 8000×8000 output) in a fresh process: its peak memory
    stays under 2 GB, the output array (192 MB) included, because only one tile is in flight at a time."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", MEASURE_PEAK], capture_output=True, text=True, check=True)
    before_kb, peak_kb = map(int, done.stdout.split())
    assert peak_kb < 2 * 1024**2, f"peak {peak_kb / 1024:.0f} MB (after imports {before_kb / 1024:.0f} MB)"


def test_progress_is_reported_per_tile(model):
    shares = []
    upscale_array(model, noise(40, 70), tile=32, margin=8, progress=shares.append)
    assert shares == [1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1.0]
