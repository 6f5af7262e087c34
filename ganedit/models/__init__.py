"""Networks, one family per file. ``ARCHITECTURES`` maps the class name stored in a component's
config.json to (class, config dataclass), so the loader rebuilds models without pickles."""
from ganedit.models.attributes import (AttributeVectors, AttributeVectorsConfig, HairColours, HairColoursConfig,
                                      SmileShading, SmileShadingConfig)
from ganedit.models.classifier import AttributeClassifier, ClassifierConfig
from ganedit.models.completion import (CompletionConfig, CompletionDiscriminator,
                                        CompletionDiscriminatorConfig, CompletionNet)
from ganedit.models.encoder import Encoder, EncoderConfig
from ganedit.models.gan import Discriminator, DiscriminatorConfig, Generator, GeneratorConfig
from ganedit.models.sr import SRConfig, SRDiscriminator, SRDiscriminatorConfig, SRResNet

ARCHITECTURES = {
    "AttributeVectors": (AttributeVectors, AttributeVectorsConfig),
    "HairColours": (HairColours, HairColoursConfig),
    "SmileShading": (SmileShading, SmileShadingConfig),
    "AttributeClassifier": (AttributeClassifier, ClassifierConfig),
    "CompletionNet": (CompletionNet, CompletionConfig),
    "CompletionDiscriminator": (CompletionDiscriminator, CompletionDiscriminatorConfig),
    "Encoder": (Encoder, EncoderConfig),
    "Generator": (Generator, GeneratorConfig),
    "Discriminator": (Discriminator, DiscriminatorConfig),
    "SRResNet": (SRResNet, SRConfig),
    "SRDiscriminator": (SRDiscriminator, SRDiscriminatorConfig),
}
