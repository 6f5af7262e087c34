"""Tiny randomly initialised face models for fast unit tests."""
import torch

from ganedit.edits.inversion import FaceModels
from ganedit.models.encoder import Encoder
from ganedit.models.gan import Discriminator, DiscriminatorConfig, Generator, GeneratorConfig


def tiny_face_models(seed: int = 0, size: tuple[int, int] = (64, 64)) -> FaceModels:
    """G, D and E of 64×64 faces, or of images of ``size`` (96×80 for whole frames)."""
    torch.manual_seed(seed)
    G = Generator(GeneratorConfig(width=8, image_size=size)).eval().requires_grad_(False)
    D = Discriminator(DiscriminatorConfig(width=8, image_size=size)).eval().requires_grad_(False)
    return FaceModels(G=G, D=D, E=Encoder.from_discriminator(D).eval().requires_grad_(False))


def write_tiny_weights(root) -> None:
    """Every face and frame component, tiny and random, as a weights folder (the app's handlers run on it)."""
    from ganedit import hub
    from ganedit.models.attributes import AttributeVectors, AttributeVectorsConfig, HairColours, HairColoursConfig
    from ganedit.models.attributes import SmileShading, SmileShadingConfig
    from ganedit.models.classifier import AttributeClassifier, ClassifierConfig

    from ganedit.models.completion import CompletionConfig, CompletionNet
    from ganedit.models.sr import SRConfig, SRResNet

    models, frames = tiny_face_models(), tiny_face_models(size=(96, 80))
    vectors, frame_vectors = (AttributeVectors(AttributeVectorsConfig(names=ATTRIBUTES)) for _ in range(2))
    vectors.vectors.normal_()
    frame_vectors.vectors.normal_()
    colours = HairColours(HairColoursConfig(names=["black_hair", "blond_hair", "brown_hair", "gray_hair"]))
    colours.lab.copy_(torch.tensor([[[32.0, 4, 8], [12, 1, 1]], [[23, 3, 4], [49, 5, 15]], [[28, 2, 5], [26, 5, 9]],
                                    [[27, 3, 6], [54, 2, 6]]]))
    shading = SmileShading(SmileShadingConfig())
    shading.texture.normal_(0, 0.02)
    shading.mean_shape.uniform_(16, 48)
    shading.rise.fill_(0.05)
    for name, model in {"face_g": models.G, "face_d": models.D, "encoder": models.E, "attributes": vectors,
                        "frame_g": frames.G, "frame_d": frames.D, "frame_encoder": frames.E,
                        "frame_attributes": frame_vectors,
                        "hair_colours": colours, "smile_shading": shading,
                        "classifier": AttributeClassifier(ClassifierConfig(names=ATTRIBUTES, width=4)),
                        "sr_psnr": SRResNet(SRConfig(channels=8, blocks=1)),
                        "sr_gan": SRResNet(SRConfig(channels=8, blocks=1)),
                        "completion": CompletionNet(CompletionConfig(width=8))}.items():
        hub.save_component(name, model, root, half=False)


ATTRIBUTES = ["5_o_clock_shadow", "arched_eyebrows", "attractive", "bags_under_eyes", "bald", "bangs", "big_lips",
              "big_nose", "black_hair", "blond_hair", "blurry", "brown_hair", "bushy_eyebrows", "chubby",
              "double_chin", "eyeglasses", "goatee", "gray_hair", "heavy_makeup", "high_cheekbones", "male",
              "mouth_slightly_open", "mustache", "narrow_eyes", "no_beard", "oval_face", "pale_skin", "pointy_nose",
              "receding_hairline", "rosy_cheeks", "sideburns", "smiling", "straight_hair", "wavy_hair",
              "wearing_earrings", "wearing_hat", "wearing_lipstick", "wearing_necklace", "wearing_necktie", "young",
              "long_hair"]
