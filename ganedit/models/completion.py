"""Image completion networks in the line of LaMa (Suvorov et al. 2022, "Resolution-robust Large Mask
Inpainting with Fourier Convolutions"), narrowed so that they train on a 2-core CPU.

The generator downsamples three times, then runs residual blocks of fast Fourier convolutions (FFC):
three quarters of every block's channels pass through a 2-D FFT, a 1×1 convolution over the spectrum and
the inverse FFT, so each layer sees the whole picture and wide holes fill with the surrounding structure,
at any resolution. The critic is a spectrally normalised PatchGAN that also returns its features, for
the feature-matching loss that stands in for LaMa's perceptual loss (no pretrained network here).

Images are [N,3,H,W] in [-1, 1]; masks [N,1,H,W] with 1 = hole; H and W multiples of 8.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

MULTIPLE = 8  # three stride-2 downsamplings


@dataclass
class CompletionConfig:
    width: int = 32          # channels at 1/2 resolution; half of it at full resolution, ×2 per further halving
    blocks: int = 6          # FFC residual blocks at 1/8 resolution
    global_ratio: float = 0.75  # share of channels in the Fourier (global) branch, as in LaMa


@dataclass
class CompletionDiscriminatorConfig:
    width: int = 32


def conv_bn_relu(cin: int, cout: int, kernel: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, kernel // 2, padding_mode="reflect", bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(True))


class FourierUnit(nn.Module):
    """A 1×1 convolution applied to the real and imaginary parts of the image's 2-D spectrum."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(2 * channels, 2 * channels, 1, bias=False),
                                  nn.BatchNorm2d(2 * channels), nn.ReLU(True))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """[N,C,H,W] → float32 [N,C,H,W]; in float32 even under bfloat16 autocast (FFTs need the precision)."""
        height, width = x.shape[-2:]
        with torch.autocast(x.device.type, enabled=False):
            spectrum = torch.fft.rfft2(x.float(), norm="ortho")              # [N,C,H,W/2+1] complex
            parts = torch.cat([spectrum.real, spectrum.imag], dim=1)         # [N,2C,H,W/2+1]
            real, imag = self.conv(parts).chunk(2, dim=1)
            return torch.fft.irfft2(torch.complex(real, imag), s=(height, width), norm="ortho")


class SpectralTransform(nn.Module):
    """LaMa's global branch: halve the channels, Fourier unit with a residual, restore the channels."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.reduce = nn.Sequential(nn.Conv2d(cin, cout // 2, 1, bias=False), nn.BatchNorm2d(cout // 2), nn.ReLU(True))
        self.fourier = FourierUnit(cout // 2)
        self.expand = nn.Conv2d(cout // 2, cout, 1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.reduce(x)
        return self.expand(x + self.fourier(x))


class FFC(nn.Module):
    """Fast Fourier convolution on a (local, global) channel split, 3×3, followed by BN and ReLU per branch:
    local ← conv(local) + conv(global); global ← conv(local) + spectral(global)."""

    def __init__(self, channels: int, ratio: float):
        super().__init__()
        self.global_channels = int(channels * ratio)
        cl, cg = channels - self.global_channels, self.global_channels
        conv = lambda cin, cout: nn.Conv2d(cin, cout, 3, padding=1, padding_mode="reflect", bias=False)
        self.local_to_local, self.global_to_local, self.local_to_global = conv(cl, cl), conv(cg, cl), conv(cl, cg)
        self.global_to_global = SpectralTransform(cg, cg)
        self.local_out = nn.Sequential(nn.BatchNorm2d(cl), nn.ReLU(True))
        self.global_out = nn.Sequential(nn.BatchNorm2d(cg), nn.ReLU(True))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        local, global_ = x[:, :-self.global_channels], x[:, -self.global_channels:]
        new_local = self.local_to_local(local) + self.global_to_local(global_)
        new_global = self.local_to_global(local) + self.global_to_global(global_)
        return torch.cat([self.local_out(new_local), self.global_out(new_global)], dim=1)


class FFCResBlock(nn.Module):
    def __init__(self, channels: int, ratio: float):
        super().__init__()
        self.body = nn.Sequential(FFC(channels, ratio), FFC(channels, ratio))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class CompletionNet(nn.Module):
    """(image with hole, mask) -> a full prediction [N,3,H,W]; the caller keeps the known pixels."""

    def __init__(self, config: CompletionConfig = CompletionConfig()):
        super().__init__()
        self.config = config
        w = config.width
        c0, c1, c2, c3 = w // 2, w, 2 * w, 4 * w  # full, 1/2, 1/4 and 1/8 resolution
        self.encode = nn.Sequential(conv_bn_relu(4, c0, 5), conv_bn_relu(c0, c1, 3, 2), conv_bn_relu(c1, c2, 3, 2),
                                    conv_bn_relu(c2, c3, 3, 2))
        self.blocks = nn.Sequential(*[FFCResBlock(c3, config.global_ratio) for _ in range(config.blocks)])
        up = lambda cin, cout: nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), conv_bn_relu(cin, cout, 3))
        self.decode = nn.Sequential(up(c3, c2), up(c2, c1), up(c1, c0),
                                    nn.Conv2d(c0, 3, 3, padding=1, padding_mode="reflect"), nn.Tanh())

    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        if image.shape[-2] % MULTIPLE or image.shape[-1] % MULTIPLE:
            raise ValueError(f"height and width must be multiples of {MULTIPLE}, got {list(image.shape[-2:])}")
        return self.decode(self.blocks(self.encode(torch.cat([image * (1 - mask), mask], dim=1))))


class CompletionDiscriminator(nn.Module):
    """image -> (a map of realism logits, one per ~70-px patch; the features of every layer)."""

    def __init__(self, config: CompletionDiscriminatorConfig = CompletionDiscriminatorConfig()):
        super().__init__()
        self.config = config
        w, cin, layers = config.width, 3, []
        for cout, stride in ((w, 2), (2 * w, 2), (4 * w, 2), (8 * w, 1)):
            layers.append(nn.Sequential(spectral_norm(nn.Conv2d(cin, cout, 4, stride, 2)), nn.LeakyReLU(0.2, True)))
            cin = cout
        self.layers = nn.ModuleList(layers)
        self.head = spectral_norm(nn.Conv2d(cin, 1, 4, 1, 2))

    def forward(self, image: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        features, x = [], image
        for layer in self.layers:
            x = layer(x)
            features.append(x)
        return self.head(x), features
