"""Networks, one family per file. ``ARCHITECTURES`` maps the class name stored in a component's
config.json to (class, config dataclass), so the loader rebuilds models without pickles."""
from ganedit.models.classifier import AttributeClassifier, ClassifierConfig
from ganedit.models.gan import Discriminator, DiscriminatorConfig, Generator, GeneratorConfig

ARCHITECTURES = {
    "AttributeClassifier": (AttributeClassifier, ClassifierConfig),
    "Generator": (Generator, GeneratorConfig),
    "Discriminator": (Discriminator, DiscriminatorConfig),
}
