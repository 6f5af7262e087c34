"""The face data loader (skips when ../shared/data/faces is absent)."""
import pytest
import torch

from ganedit.data import UNKNOWN, load_faces


def test_val_split_is_loaded_with_all_labels(faces_root):
    val = load_faces(faces_root, "val")
    assert len(val) == 1538
    assert val.images.shape == (1538, 3, 64, 64) and val.images.dtype == torch.uint8
    assert val.names[-1] == "long_hair" and "male" in val.names and len(val.names) == 41
    celeba = val.attributes[:, :40]
    assert set(celeba.unique().tolist()) == {0.0, 1.0}
    assert (val.column("long_hair") == UNKNOWN).all()  # hand labels exist for train faces only
    x = val.as_float(slice(0, 4))
    assert x.min() >= -1 and x.max() <= 1


def test_train_split_has_the_hand_labelled_long_hair(faces_root):
    long_hair = load_faces(faces_root, "train").column("long_hair")
    assert (long_hair == 1).sum() == 614 and (long_hair == 0).sum() == 514


def test_missing_data_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        load_faces(tmp_path)


def test_frames_hold_the_faces_box_with_hair_and_shoulders_around_it(faces_root):
    from ganedit.data import face_of_frames

    frames, faces = load_faces(faces_root, "val", frames=True), load_faces(faces_root, "val")
    assert frames.images.shape == (735, 3, 96, 80) and frames.attributes.shape == (735, 41)
    index = [faces.files.index(f) for f in frames.files[:50]]
    box = face_of_frames(frames.images[:50])
    assert box.shape == (50, 3, 64, 64)
    assert (box - faces.as_float(index)).abs().mean() * 127.5 < 4  # the same face, resampled
    assert (box - faces.as_float(index).roll(1, 0)).abs().mean() * 127.5 > 20  # and not just any face
