"""Training helpers: the masked loss, differentiable augmentation, batch-norm recalibration."""
import pytest
import torch

from ganedit.data import UNKNOWN
from ganedit.models.gan import Generator, GeneratorConfig
from ganedit.train.augment import diff_augment
from ganedit.train.classifier import masked_bce, refit_unlinked, unlinked_weights
from ganedit.train.gan import recalibrate_batchnorm


def test_masked_bce_ignores_unknown_labels():
    logits = torch.tensor([[3.0, -2.0], [1.0, 5.0]])
    labels = torch.tensor([[1.0, UNKNOWN], [0.0, UNKNOWN]])
    wrong_where_blank = logits.clone()
    wrong_where_blank[:, 1] = -40.0  # a wrong answer where the label is blank costs nothing
    assert torch.allclose(masked_bce(logits, labels), masked_bce(wrong_where_blank, labels))
    wrong_where_known = logits.clone()
    wrong_where_known[1, 0] = 40.0
    assert masked_bce(wrong_where_known, labels) > masked_bce(logits, labels)


def test_unlinked_weights_make_hair_colour_independent_of_sex_and_keep_its_share():
    names = ["male", "blond_hair", "smiling"]
    labels = torch.tensor([[1, 1, 1], [1, 0, 0], [1, 0, 1], [1, 0, UNKNOWN],  # one blond man among four
                           [0, 1, 0], [0, 1, 1], [0, 0, 0], [0, 1, UNKNOWN]], dtype=torch.float)  # three blond women
    weights = unlinked_weights(labels, names, columns=("blond_hair",))
    male, blond = labels[:, 0] == 1, labels[:, 1] == 1
    total = weights[:, 1].sum()
    for side in (male, ~male):
        for value in (blond, ~blond):  # each (sex, colour) cell weighs p(sex)·p(colour)
            assert torch.isclose(weights[side & value, 1].sum() / total, side.float().mean() * value.float().mean())
    assert torch.isclose(weights[blond, 1].sum() / total, blond.float().mean())  # as many blond as before
    assert weights[0, 1] > weights[4, 1]  # the rare blond man weighs more than a blond woman
    assert torch.equal(weights[:, [0, 2]], torch.ones(8, 2))  # other columns as they were


def test_refit_unlinked_fits_only_the_heads_rows_for_hair_length_and_blond():
    from ganedit.models.classifier import AttributeClassifier, ClassifierConfig
    from ganedit.train.classifier import UNLINKED, logits_of
    torch.manual_seed(0)
    names = ["male", "smiling", *UNLINKED]
    model = AttributeClassifier(ClassifierConfig(names=names, width=4)).eval()
    images = torch.randint(0, 256, (64, 3, 64, 64), dtype=torch.uint8)
    images[:32] //= 3  # dark faces: long hair and blond are what makes a face bright
    labels = torch.zeros(64, len(names))
    labels[::2, 0] = 1
    labels[32:, 2:] = 1
    labels[:8, 2] = UNKNOWN
    before = {k: v.clone() for k, v in model.state_dict().items()}
    refit_unlinked(model, images, labels)
    after = model.state_dict()
    rows = [names.index(name) for name in UNLINKED]
    changed = [k for k in before if not torch.equal(before[k], after[k])]
    assert changed == ["head.weight", "head.bias"]
    assert torch.equal(before["head.weight"][:2], after["head.weight"][:2]) and not torch.equal(
        before["head.weight"][rows], after["head.weight"][rows])
    right = ((logits_of(model, images)[:, rows] > 0).float() == labels[:, rows])[8:]
    assert right.float().mean() > 0.9  # it learnt the bright faces' labels from the frozen features


def test_masked_bce_weighs_each_face_by_its_weight():
    logits, labels = torch.tensor([[2.0], [2.0]]), torch.tensor([[1.0], [0.0]])
    heavier_wrong = masked_bce(logits, labels, torch.tensor([[1.0], [3.0]]))
    assert heavier_wrong > masked_bce(logits, labels) > masked_bce(logits, labels, torch.tensor([[3.0], [1.0]]))


def test_diff_augment_keeps_shape_and_is_differentiable():
    x = torch.rand(4, 3, 64, 64, requires_grad=True)
    y = diff_augment(x, "color,translation")
    assert y.shape == x.shape
    y.sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0
    assert torch.equal(diff_augment(x, ""), x)


def test_recalibrated_batchnorm_matches_batch_statistics():
    torch.manual_seed(0)
    g = Generator(GeneratorConfig(width=8))
    recalibrate_batchnorm(g, batches=8, batch_size=128)
    first = g.seed[2]
    z = torch.randn(512, 128)
    with torch.no_grad():
        h = g.seed[1](g.seed[0](z))
    assert torch.allclose(first.running_mean, h.mean((0, 2, 3)), atol=0.05)
    assert not g.training


def test_sr_training_runs_both_stages_and_exports(tmp_path, monkeypatch):
    """A few seconds of each stage on two small pictures: the psnr stage exports sr_psnr, and the gan stage
    starts from it and exports sr_gan; both load back."""
    import numpy as np
    from PIL import Image

    from ganedit import hub
    from ganedit.train import sr

    photos = tmp_path / "photos"
    photos.mkdir()
    for seed in range(2):
        Image.fromarray(np.random.default_rng(seed).integers(0, 256, (96, 128, 3), dtype=np.uint8)).save(
            photos / f"{seed}.png")
    monkeypatch.setenv("GANEDIT_WEIGHTS", str(tmp_path / "weights"))
    monkeypatch.setattr(sr, "CACHE_DIR", tmp_path / "cache")
    common = ["--data", str(photos), "--batch", "2", "--patch", "8", "--minutes", "0.02", "--export",
              str(tmp_path / "weights")]
    sr.main(["--stage", "psnr", "--channels", "4", "--blocks", "1", "--run-dir", str(tmp_path / "psnr"), *common])
    sr.main(["--stage", "gan", "--run-dir", str(tmp_path / "gan"), *common])
    for name in ("sr_psnr", "sr_gan"):
        assert hub.load_component(name).config.channels == 4


def test_completion_training_runs_and_exports(tmp_path, monkeypatch, faces_root):
    import numpy as np
    from PIL import Image

    from ganedit import hub
    from ganedit.train import completion, sr

    photos = tmp_path / "photos"
    photos.mkdir()
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (80, 96, 3), dtype=np.uint8)).save(photos / "0.png")
    monkeypatch.setenv("GANEDIT_WEIGHTS", str(tmp_path / "weights"))
    monkeypatch.setattr(sr, "CACHE_DIR", tmp_path / "cache")
    run = ["--photos", str(photos), "--faces", str(faces_root), "--batch", "2", "--size", "32", "--width", "8",
           "--minutes", "0.02", "--critic-every", "2", "--run-dir", str(tmp_path / "run"),
           "--export", str(tmp_path / "weights")]
    completion.main(run)
    assert hub.load_component("completion").config.width == 8
    first = torch.load(tmp_path / "run" / "checkpoint.pt", weights_only=True)
    completion.main([*run, "--resume", "--critic-every", "0"])  # resumed with L1 alone: the critic rests
    second = torch.load(tmp_path / "run" / "checkpoint.pt", weights_only=True)
    assert all(torch.equal(first["D"][name], value) for name, value in second["D"].items())
    assert first["turns"]["count"] == first["seen"] // 2 > 0  # one step per batch of 2, counted across the resume
    assert second["turns"]["count"] == second["seen"] // 2 > first["turns"]["count"]
    exported = hub.load_component("completion").state_dict()
    for name, value in second["G_ema"].items():  # what is exported is the moving average, not the last step
        assert torch.allclose(exported[name].float(), value.float(), atol=1e-2, rtol=1e-2), name
    assert not all(torch.equal(second["G"][name], value) for name, value in second["G_ema"].items())
    grown = ["--init-from-weights", "--blocks", "7", "--critic-every", "0", "--run-dir", str(tmp_path / "grown")]
    completion.main([*run, *grown])  # from the exported weights, one block deeper; the count goes on
    spec = hub.component_spec("completion")
    assert spec["config"]["blocks"] == 7 and spec["images_seen"] > second["seen"]


def test_a_deepened_network_starts_as_it_was_and_its_new_blocks_learn():
    from ganedit.models.completion import CompletionConfig, CompletionNet
    from ganedit.train.completion import deepened

    torch.manual_seed(0)
    network = CompletionNet(CompletionConfig(width=8, blocks=1))
    image, mask = torch.rand(2, 3, 32, 32) * 2 - 1, (torch.rand(2, 1, 32, 32) > 0.6).float()
    before = network.eval()(image, mask)
    grown = deepened(network, 3)
    assert grown.config.blocks == 3 and len(grown.blocks) == 3
    assert (grown.eval()(image, mask) - before).abs().max() < 0.02
    grown.train()(image, mask).sum().backward()
    assert all(block.body[0].local_to_local.weight.grad.abs().sum() > 0 for block in grown.blocks[1:])


def test_ema_update_moves_parameters_and_batchnorm_statistics():
    from ganedit.train.common import ema_copy, ema_update

    model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 1), torch.nn.BatchNorm2d(2))
    average = ema_copy(model)
    before = {k: v.clone() for k, v in average.state_dict().items()}
    with torch.no_grad():
        model[0].weight.add_(1.0)
        model(torch.randn(8, 1, 4, 4) * 3 + 2)  # training mode: updates the running statistics
    ema_update(average, model, decay=0.75)
    now, target = average.state_dict(), model.state_dict()
    for name in ("0.weight", "1.running_mean", "1.running_var"):
        assert torch.allclose(now[name], before[name] + 0.25 * (target[name] - before[name])), name
    assert now["1.num_batches_tracked"] == target["1.num_batches_tracked"] == 1


def test_a_resumed_run_draws_what_the_uninterrupted_run_would_have_drawn(tmp_path):
    import numpy as np

    from ganedit.train.common import train_for

    def run(seed: int, resume: bool) -> tuple[list, np.random.Generator]:
        rng, draws = np.random.default_rng(seed), []
        torch.manual_seed(seed)
        model = torch.nn.Linear(2, 2)

        def step():
            draws.append((rng.random(), torch.rand(1).item()))
            return {"loss": torch.zeros(())}

        train_for(step, minutes=0.002, run_dir=tmp_path, items_per_step=1, state={"model": model}, resume=resume,
                  desc="test", rng=rng)
        return draws, rng

    _, rng = run(0, resume=False)
    expected = (rng.random(), torch.rand(1).item())  # what the next step would have drawn
    resumed, _ = run(99, resume=True)
    assert resumed[0] == expected


def test_training_under_torchrun_keeps_the_replicas_identical(tmp_path, faces_root):
    """Two CPU processes (gloo) train the completion network for a few steps with DistributedDataParallel;
    the checkpoint records every rank's weights fingerprint, and they agree."""
    import os
    import subprocess
    import sys

    import numpy as np
    from PIL import Image

    photos = tmp_path / "photos"
    photos.mkdir()
    for seed in range(2):
        Image.fromarray(np.random.default_rng(seed).integers(0, 256, (80, 96, 3), dtype=np.uint8)).save(
            photos / f"{seed}.png")
    env = dict(os.environ, OMP_NUM_THREADS="1", GANEDIT_CACHE=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                           "-m", "ganedit.train.completion", "--photos", str(photos), "--faces", str(faces_root),
                           "--batch", "2", "--size", "32", "--width", "8", "--minutes", "0.1",
                           "--critic-every", "2", "--run-dir", str(tmp_path / "run")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    checkpoint = torch.load(tmp_path / "run" / "checkpoint.pt", weights_only=True)
    first, second = checkpoint["replica_fingerprints"]
    assert len(checkpoint["random_states"]) == 2 and checkpoint["seen"] > 0
    assert torch.equal(first, second)


def test_a_checkpoint_written_on_a_gpu_resumes_on_the_cpu(tmp_path, monkeypatch):
    """A checkpoint whose tensors are tagged as CUDA ones (as a GPU run's would be, were they not moved) loads
    through load_checkpoint on a CPU (map_location), and the resumed optimiser steps as the uninterrupted one."""
    from ganedit.train.common import load_checkpoint, save_checkpoint

    def trained() -> tuple[torch.nn.Module, torch.optim.Optimizer]:
        torch.manual_seed(0)
        model = torch.nn.Linear(3, 2)
        opt = torch.optim.Adam(model.parameters(), 0.1)
        model(torch.ones(1, 3)).sum().backward()
        opt.step()
        return model, opt

    model, opt = trained()
    monkeypatch.setattr(torch.serialization, "location_tag", lambda storage: "cuda:0")
    save_checkpoint(tmp_path / "gpu.pt", model=model, opt=opt, seen=5)
    monkeypatch.undo()
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError):  # what a plain torch.load would do with it here
            torch.load(tmp_path / "gpu.pt", weights_only=True)
    fresh = torch.nn.Linear(3, 2)
    fresh_opt = torch.optim.Adam(fresh.parameters(), 0.1)
    assert load_checkpoint(tmp_path / "gpu.pt", model=fresh, opt=fresh_opt)["seen"] == 5
    for m, o in ((model, opt), (fresh, fresh_opt)):
        o.zero_grad()
        m(torch.ones(1, 3)).sum().backward()
        o.step()
    assert torch.equal(fresh.weight, model.weight)


def test_checkpoints_hold_cpu_tensors_only(tmp_path):
    """save_checkpoint stores every tensor as a CPU one, whatever device trained (each storage's recorded
    location is what torch.load hands to map_location)."""
    from ganedit.train.common import on_cpu, save_checkpoint

    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(model.parameters())
    model(torch.ones(1, 3)).sum().backward()
    opt.step()
    save_checkpoint(tmp_path / "c.pt", model=model, opt=opt, states=[(torch.zeros(2), None)])
    locations = []
    torch.load(tmp_path / "c.pt", weights_only=True, map_location=lambda s, location: locations.append(location))
    assert locations and set(locations) == {"cpu"}
    nested = on_cpu({"a": [torch.ones(1, requires_grad=True), (torch.zeros(1), 3)], "b": "x"})
    assert nested["b"] == "x" and nested["a"][1][1] == 3 and not nested["a"][0].requires_grad


def test_photo_bank_cuts_the_crops_numpy_would_and_turns_them():
    import numpy as np

    from ganedit.train.batches import PhotoBank

    a = np.arange(5 * 7 * 3, dtype=np.uint8).reshape(5, 7, 3)
    b = np.arange(6 * 4 * 3, dtype=np.uint8).reshape(6, 4, 3) + 120
    bank = PhotoBank([a, b])
    crops = bank.crops(torch.tensor([0, 1, 0, 0, 1]), torch.tensor([1, 2, 0, 0, 3]), torch.tensor([2, 0, 0, 4, 1]),
                       3, turns=torch.tensor([0, 0, 1, 2, 4])).permute(0, 2, 3, 1).numpy()
    expected = [a[1:4, 2:5], b[2:5, 0:3], a[0:3, 0:3, :][:, ::-1], a[0:3, 4:7][::-1], b[3:6, 1:4].transpose(1, 0, 2)]
    for crop, want in zip(crops, expected):
        assert np.array_equal(crop, want)
    index, top, left = bank.places(200, 4, by_area=True)
    assert set(index.tolist()) == {0, 1}
    assert (top + 4 <= bank.heights[index]).all() and (left + 4 <= bank.widths[index]).all()
    assert top.min() == 0 and left.min() == 0


def test_wide_masks_are_strokes_or_boxes_covering_5_to_50_percent():
    from ganedit.train.masks import wide_masks

    torch.manual_seed(0)
    masks = wide_masks(64, 48, 40)
    coverage = masks.mean((1, 2, 3))
    assert masks.shape == (64, 1, 48, 40) and set(masks.unique().tolist()) == {0.0, 1.0}
    assert coverage.min() >= 0.05 and coverage.max() <= 0.5
    rectangles = [bool(m[rows][:, cols].all()) for m in masks[:, 0] for rows, cols in [(m.any(1), m.any(0))]]
    assert 10 < sum(rectangles) < 54  # both families: a single box fills its bounding box, strokes do not


@pytest.fixture(scope="session")
def few_faces(faces_root):
    """The first 64 train faces (loading all 28,958 takes seconds, every time a script starts)."""
    import dataclasses

    from ganedit.data import load_faces

    faces = load_faces(faces_root, "train")
    return dataclasses.replace(faces, images=faces.images[:64].clone(), attributes=faces.attributes[:64].clone(),
                               files=faces.files[:64])


@pytest.fixture
def tiny_scripts(tmp_path, monkeypatch, faces_root, few_faces, tiny_weights):
    """Every training script at a tiny size, on two small random photos and 64 faces."""
    import numpy as np
    from PIL import Image

    from ganedit import data
    from ganedit.train import completion, encoder, gan, sr, throughput

    for module in (data, completion, encoder, gan):
        monkeypatch.setattr(module, "load_faces", lambda *args, **kwargs: few_faces)
    calibrate = gan.recalibrate_batchnorm  # before the GAN's sample grids: 4,096 samples by default
    monkeypatch.setattr(gan, "recalibrate_batchnorm", lambda G: calibrate(G, batches=2, batch_size=16))

    photos = tmp_path / "photos"
    photos.mkdir()
    for seed in range(2):
        Image.fromarray(np.random.default_rng(seed).integers(0, 256, (96, 128, 3), dtype=np.uint8)).save(
            photos / f"{seed}.png")
    monkeypatch.setattr(sr, "CACHE_DIR", tmp_path / "cache")
    faces, small_sr = ["--data", str(faces_root)], ["--data", str(photos), "--batch", "2", "--patch", "8"]
    for name, argv in {"gan": [*faces, "--width", "8", "--batch", "4"],
                       "classifier": [*faces, "--width", "4", "--batch", "8"],
                       "encoder": [*faces, "--batch", "4"],
                       "sr psnr": ["--stage", "psnr", *small_sr, "--channels", "4", "--blocks", "1"],
                       "sr gan": ["--stage", "gan", *small_sr],
                       "completion": ["--photos", str(photos), "--faces", str(faces_root), "--batch", "2",
                                      "--size", "32", "--width", "8", "--critic-every", "2"]}.items():
        monkeypatch.setitem(throughput.SCRIPTS, name, (throughput.SCRIPTS[name][0], argv))


def test_throughput_prints_both_figures_for_every_script(tiny_scripts, capsys):
    from ganedit.train import throughput

    throughput.main(["--device", "cpu", "--seconds", "0.01"])
    rows = [line.split("|")[1:-1] for line in capsys.readouterr().out.splitlines()[2:]]
    assert [row[0].strip() for row in rows] == list(throughput.SCRIPTS)
    assert all(row[1].strip() == "cpu" and float(row[2]) > 0 and float(row[3]) > 0 for row in rows)


def test_gpu_check_trains_and_resumes_every_script_with_device_cpu(tiny_scripts, tmp_path, capsys):
    """The GPU check's own path on the CPU: every script trains with --device cpu, resumes from its
    checkpoint and goes on counting; the table says so."""
    from ganedit.train import gpu_check

    gpu_check.main(["--device", "cpu", "--seconds", "0.5", "--run-root", str(tmp_path / "runs")])
    table = capsys.readouterr().out
    assert table.count("| yes | yes |") == 5 and "| yes | n/a |" in table and "NO" not in table
    first = torch.load(tmp_path / "runs" / "completion" / "checkpoint.pt", weights_only=True)
    assert first["seen"] > 0 and first["turns"]["count"] == first["seen"] // 2


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_gpu_check_fails_clearly_without_a_gpu():
    from ganedit.train import gpu_check

    with pytest.raises(SystemExit) as stopped:
        gpu_check.main(["--seconds", "1"])
    assert "no CUDA GPU" in str(stopped.value.code)


def test_the_frame_gan_starts_from_the_face_gan_around_the_face():
    from ganedit.models.gan import Discriminator, DiscriminatorConfig
    from ganedit.data import FRAME_SIZE
    from ganedit.train.gan import frame_gan_from_faces

    torch.manual_seed(0)
    face_g, face_d = Generator(GeneratorConfig(width=4)).eval(), Discriminator(DiscriminatorConfig(width=4))
    G, D = frame_gan_from_faces(face_g, face_d)
    G.eval()
    z = torch.randn(2, 128)
    assert G(z).shape == (2, 3, *FRAME_SIZE) and D(G(z)).shape == (2,)
    seed = G.seed[0].weight.reshape(32, 6, 5, 128)  # the seed grid: 6 rows, 5 columns of 8·width channels
    assert torch.equal(seed[:, 1:5, 1:5], face_g.seed[0].weight.reshape(32, 4, 4, 128))  # the face's 4×4 cells
    assert torch.equal(seed[:, 0, 1:5], seed[:, 1, 1:5]) and torch.equal(seed[:, :, 0], seed[:, :, 1])  # repeated
    assert all(torch.equal(a, b) for a, b in zip(G.body.parameters(), face_g.body.parameters()))


def test_the_classifier_bench_counts_what_it_finds_among_men_and_women_apart():
    from ganedit.bench.classifier import JUDGED, by_gender
    names = ["male", *JUDGED]
    labels = torch.zeros(6, len(names))
    labels[:3, 0] = 1  # three men, three women
    labels[[0, 1, 3, 4], 1] = 1  # two of each blond
    logits = torch.full((6, len(names)), -1.0)
    logits[[0, 3, 4, 5], 1] = 1.0  # one blond man found, both blond women, and the dark-haired woman taken for one
    blond = by_gender(logits, labels, names)[0]
    assert blond[1:4] == [2, "0.50", "0.000"] and blond[4:] == [2, "1.00", "1.000"]  # men, then women


def test_refit_only_exports_the_shipped_classifier_with_only_its_unlinked_rows_refitted(tmp_path, monkeypatch,
                                                                                        faces_root):
    import dataclasses
    import json

    from safetensors.torch import load_file

    from ganedit import hub
    from ganedit.data import load_faces
    from ganedit.models.classifier import AttributeClassifier, ClassifierConfig
    from ganedit.train import classifier
    faces = load_faces(faces_root, "train")  # 48 faces and 16 with a hand label for long hair (a fifth held out)
    rows = torch.cat([torch.arange(48), (faces.column("long_hair") != UNKNOWN).nonzero().squeeze(1)[:16]])
    few_faces = dataclasses.replace(faces, images=faces.images[rows], attributes=faces.attributes[rows],
                                    files=[faces.files[i] for i in rows])
    torch.manual_seed(0)
    hub.save_component("classifier", AttributeClassifier(ClassifierConfig(names=few_faces.names, width=4)),
                       tmp_path / "shipped", extra={"epochs": 5})
    monkeypatch.setenv("GANEDIT_WEIGHTS", str(tmp_path / "shipped"))
    monkeypatch.setattr(classifier, "load_faces", lambda *args, **kwargs: few_faces)
    classifier.main(["--refit-only", "--export", str(tmp_path / "out")])
    before, after = (load_file(root / "classifier" / "model.safetensors") for root in (tmp_path / "shipped",
                                                                                         tmp_path / "out"))
    rows = [few_faces.names.index(name) for name in classifier.UNLINKED]
    others = [row for row in range(len(few_faces.names)) if row not in rows]
    assert all(torch.equal(before[k], after[k]) for k in before if not k.startswith("head."))
    assert torch.equal(before["head.weight"][others], after["head.weight"][others])
    assert not torch.equal(before["head.weight"][rows], after["head.weight"][rows])
    spec = json.loads((tmp_path / "out" / "classifier" / "config.json").read_text())
    assert spec["epochs"] == 5 and spec["refitted"] == list(classifier.UNLINKED)  # as trained, and what was re-fitted
