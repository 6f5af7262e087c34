"""The look measures of an edited photo (ganedit.bench.look) on synthetic pictures."""
import cv2
import numpy as np
import pytest

from ganedit.bench.look import (beyond_head, blotch, cold_cast, combed_curls, drawn_sharpness, folded_share,
                                forehead_skin, fringe, halo, left_at_temples, left_behind, left_beside, lifted_shade,
                                look, off_colour, other_heads, outline_mask, rims, show_through, straight_seams,
                                torn_share)
from ganedit.edits.hair import to_rgb
from ganedit.edits.regions import to_lab


def textured(size: int = 160) -> np.ndarray:
    """A grey photo with blobs of many sizes: texture an optical flow can follow."""
    noise = np.random.default_rng(0).normal(size=(size, size)).astype(np.float32)
    grey = sum(cv2.GaussianBlur(noise, (0, 0), sigma) * sigma for sigma in (1.5, 3, 6))
    grey = ((grey - grey.min()) / np.ptp(grey) * 255).astype(np.uint8)
    return np.dstack([grey] * 3)


def warped(photo: np.ndarray, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
    rows, columns = np.mgrid[:len(photo), :len(photo)].astype(np.float32)
    return cv2.remap(photo, columns + dx, rows + dy, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REFLECT)


def test_a_smooth_warp_tears_nothing_and_a_rippled_one_is_seen():
    photo = textured()
    inside = np.zeros(photo.shape[:2], bool)
    inside[40:120, 40:120] = True
    rows, columns = np.mgrid[:160, :160].astype(np.float32)
    assert torn_share(photo, photo, inside, 100) == 0
    gentle = 3 * np.exp(-((columns - 80) ** 2 + (rows - 80) ** 2) / 800)  # a smile's corner, moved 3 px
    assert torn_share(photo, warped(photo, gentle, -gentle), inside, 100) <= 0.01
    ripple = (6 * np.sin(rows / 4)).astype(np.float32)  # the lower face rippled up and down
    assert torn_share(photo, warped(photo, np.zeros_like(ripple), ripple), inside, 100) > 0.1


def test_a_warp_s_own_field_folds_where_it_is_cut_off_and_not_where_it_fades():
    rows, columns = np.mgrid[:160, :160].astype(np.float32)
    inside = np.zeros((160, 160), bool)
    inside[40:120, 40:120] = True
    corner = 12 * np.exp(-((columns - 80) ** 2 + (rows - 80) ** 2) / 2000)  # a smile's corner, moved 12 px
    flow = np.dstack([corner, -corner])
    assert folded_share(np.zeros_like(flow), inside) == 0 and folded_share(flow, inside) == 0
    cut = flow * (rows < 90)[..., None]  # the move stopped along a mask's hard edge below the corner
    assert folded_share(cut, inside) > 0.02 and folded_share(cut, np.zeros_like(inside)) == 0


def test_shading_that_moves_nothing_tears_nothing():
    skin = (120 + 0.15 * (textured().astype(np.float32) - 128)).astype(np.uint8)  # faint texture, as on a cheek
    inside = np.zeros(skin.shape[:2], bool)
    inside[40:120, 40:120] = True
    rows, columns = np.mgrid[:160, :160].astype(np.float32)
    light = 1 + 0.25 * np.sin(columns / 9) * np.sin(rows / 7)  # cheeks lit, creases shaded: ±25%
    shaded = np.clip(skin * light[..., None], 0, 255).astype(np.uint8)
    assert torn_share(skin, shaded, inside, 100) <= 0.01


def test_a_recoloured_disc_with_a_dark_or_light_outline_has_that_rim_and_a_clean_one_none():
    rows, columns = np.mgrid[:200, :200]
    distance = np.hypot(rows - 100, columns - 100)
    photo = np.full((200, 200, 3), (230, 80, 150), np.uint8)  # black hair before a pink wall
    photo[distance < 50] = (15, 12, 12)
    clean = photo.copy()
    clean[distance < 50] = (210, 180, 130)  # blond to its edge
    outlined, lit = clean.copy(), clean.copy()
    outlined[(distance >= 46) & (distance < 50)] = (40, 30, 30)  # blond inside a dark outline
    lit[distance < 50] = (120, 100, 70)  # dark blond inside a light outline
    lit[(distance >= 46) & (distance < 50)] = (250, 240, 220)
    assert rims(photo, photo, 100) == (0, 0)  # nothing changed
    assert rims(photo, clean, 100) == (0, 0)
    dark, light = rims(photo, outlined, 100)
    assert dark > 0.9 and light == 0
    dark, light = rims(photo, lit, 100)
    assert dark == 0 and light > 0.9


def test_black_hair_turned_blond_with_a_glow_on_the_wall_beside_it_has_a_halo_and_a_clean_edge_none():
    rows, columns = np.mgrid[:200, :200]
    distance = np.hypot(rows - 100, columns - 100)
    noise = np.random.default_rng(0).normal(0, 2, (200, 200, 1))
    photo = np.clip((60, 62, 75) + noise, 0, 255).astype(np.uint8)  # a plain dark wall
    wall, edge = photo.copy(), (distance >= 50) & (distance < 52)
    photo[distance < 50] = (12, 10, 10)  # black hair
    photo[edge] = (0.5 * np.array((12, 10, 10)) + 0.5 * wall[edge]).astype(np.uint8)  # its last pixels half the wall
    clean = photo.copy()
    clean[distance < 50] = (210, 180, 130)  # blond to its edge
    clean[edge] = (0.5 * np.array((210, 180, 130)) + 0.5 * wall[edge]).astype(np.uint8)  # as much hair as before
    glow = clean.copy()
    ring = (distance >= 52) & (distance < 58)
    glow[ring] = np.clip(photo[ring] + (40 - 6 * (distance[ring] - 52))[:, None], 0, 255).astype(np.uint8)  # fog
    assert halo(photo, photo, 100) == 0 and halo(photo, clean, 100) < 0.15
    assert halo(photo, glow, 100) > 1  # about the fog's width lit by 6 L* or more, in hundredths of the face


def test_an_outline_mixed_in_rgb_has_no_fringe_and_one_mixed_in_cielab_has():
    rows, columns = np.mgrid[:200, :200]
    distance = np.hypot(rows - 100, columns - 100).astype(np.float32)
    blue, blond = np.array([5.0, 53, 137]), np.array([210.0, 175, 120])  # a blue curtain; dark hair turned blond
    photo = np.full((200, 200, 3), blue).astype(np.uint8)
    photo[distance < 50] = (20, 15, 15)
    alpha = np.clip((54 - distance) / 8, 0, 1)[..., None]  # a soft outline, 8 pixels wide
    in_rgb = (alpha * blond + (1 - alpha) * blue).astype(np.uint8)
    in_lab = to_rgb(alpha * to_lab(blond[None].astype(np.float32))[0] + (1 - alpha) * to_lab(
        blue[None].astype(np.float32))[0]).astype(np.uint8)  # through lilac: blue's a* is positive
    assert fringe(photo, photo, 100) == 0  # nothing changed
    assert fringe(photo, in_rgb, 100) < 0.05
    assert fringe(photo, in_lab, 100) > 0.5


def test_hair_recoloured_teal_has_a_cold_cast_and_hair_recoloured_black_or_blond_none():
    photo = np.full((100, 100, 3), (200, 200, 205), np.uint8)  # a grey wall
    photo[20:80, 20:80] = (180, 150, 100)  # blond hair
    black, teal = photo.copy(), photo.copy()
    black[20:80, 20:80] = (25, 22, 20)
    teal[20:80, 20:80] = (15, 35, 40)
    teal[20:80, 20:50] = (25, 22, 20)  # half its strands black, half teal
    assert cold_cast(photo, photo) == 0 and cold_cast(photo, black) == 0
    assert cold_cast(photo, teal) == pytest.approx(0.5, abs=0.05)
    cool = photo.copy()  # a photo whose own white balance is cool: its grey hair bluish, darkened as bluish
    cool[20:80, 20:80] = (150, 160, 180)
    darker = cool.copy()
    darker[20:80, 20:80] = (30, 34, 45)
    assert cold_cast(cool, darker) == 0


def test_a_grey_patch_in_recoloured_hair_is_off_colour_and_a_slow_change_of_tone_or_an_even_colour_is_not():
    photo = np.full((200, 200, 3), (200, 200, 205), np.uint8)  # a grey wall
    photo[20:180, 40:160] = (25, 20, 18)  # black hair
    blond = photo.copy()
    blond[20:180, 40:160] = (200, 165, 110)
    patched, toned = blond.copy(), blond.copy()
    patched[80:96, 90:106] = (185, 180, 165)  # a greenish-grey patch of 16×16
    toned[20:180, 40:160] = np.linspace((215, 175, 110), (185, 155, 110), 160)[:, None]  # golden to ash, top to ends
    assert off_colour(photo, photo, 100) == 0 and off_colour(photo, blond, 100) == 0
    assert off_colour(photo, toned, 100) == 0
    assert 0.005 < off_colour(photo, patched, 100) < 0.05


def test_deep_shade_in_hair_lifted_to_a_flat_grey_is_seen_and_shade_kept_as_deep_or_hair_without_shade_is_not():
    photo = np.full((100, 100, 3), (200, 200, 205), np.uint8)  # a grey wall
    hair = np.zeros((100, 100), bool)
    hair[10:90, 20:80] = True
    photo[hair] = (80, 60, 45)  # brown hair
    photo[60:90, 20:35] = (12, 10, 10)  # deep shade beside the neck
    blond, flat = photo.copy(), photo.copy()
    blond[hair], flat[hair] = (210, 180, 130), (210, 180, 130)
    blond[60:90, 20:35] = (60, 45, 30)  # as deep in the lighter hair: the same share of its light
    flat[60:90, 20:35] = (120, 115, 110)  # lifted to a grey
    assert lifted_shade(photo, blond, hair) == pytest.approx(1.0, abs=0.2)
    assert lifted_shade(photo, flat, hair) > 3
    even = photo.copy()
    even[hair] = (80, 60, 45)
    assert lifted_shade(even, flat, hair) == 1.0  # no shade to lift


def test_a_recolouring_that_leaves_a_streak_of_the_old_colour_inside_leaves_it_behind():
    rows, columns = np.mgrid[:200, :200]
    photo = np.full((200, 200, 3), (200, 200, 205), np.uint8)  # a grey wall
    hair = np.hypot(rows - 100, columns - 100) < 60
    photo[hair] = (60, 40, 30)  # brown hair
    clean = photo.copy()
    clean[hair] = (210, 180, 130)  # blond all over
    streaked = clean.copy()
    streak = hair & (np.abs(rows - columns) < 4)
    streaked[streak] = photo[streak]  # a highlight left brown
    assert left_behind(photo, photo, 100) == 0 and left_behind(photo, clean, 100) == 0
    assert left_behind(photo, streaked, 100) == pytest.approx(streak.sum() / hair.sum(), rel=0.2)
    faint = photo.copy()
    faint[hair & ~streak] += 14  # hair already of the colour: barely changed, nothing to leave behind
    assert left_behind(photo, faint, 100) == 0


def test_coily_hair_lightened_in_streaks_is_combed_and_lightened_in_grain_or_straight_hair_in_streaks_is_not():
    rng = np.random.default_rng(4)
    coils = cv2.resize(rng.uniform(0, 40, (60, 80)), (160, 120), interpolation=cv2.INTER_CUBIC)
    streaks = cv2.resize(rng.uniform(-25, 25, (1, 80)), (160, 120), interpolation=cv2.INTER_CUBIC)  # run down
    grain = cv2.resize(rng.uniform(-25, 25, (60, 80)), (160, 120), interpolation=cv2.INTER_CUBIC)
    background = np.full((200, 160, 3), 200, np.uint8)

    def hair(lightness: np.ndarray) -> np.ndarray:  # grey hair of this lightness (0..255) over rows 0–119
        photo = background.copy()
        photo[:120] = np.clip(lightness, 0, 255)[..., None].astype(np.uint8)
        return photo
    coily, straight = hair(coils), hair(np.repeat(coils[:1], 120, 0))
    assert combed_curls(coily, hair(coils + 120 + streaks), 100) > 0.1  # curls drawn as streaks
    assert combed_curls(coily, hair(coils + 120 + grain), 100) < 0.1
    assert combed_curls(straight, hair(straight[:120, :, 0] + 120.0 + streaks), 100) == 0  # it ran one way already
    assert combed_curls(coily, coily, 100) == 0  # nothing changed


def _landmarks() -> np.ndarray:
    """68 landmarks [68,2] on a 200×200 photo: the jaw from the ears (y 110) to the chin (y 180), the brows at y 100,
    the nose, eyes and mouth any 41 points down a line (the nose's base, 33, at y 117.5)."""
    angles = np.linspace(np.pi, 0, 17)
    jaw = np.stack([100 + 50 * np.cos(angles), 110 + 70 * np.sin(angles)], 1)
    brows = np.stack([np.linspace(60, 140, 10), np.full(10, 100.0)], 1)
    inner = np.stack([np.linspace(70, 130, 41), np.linspace(110, 160, 41)], 1)
    return np.concatenate([jaw, brows, inner])


def test_the_forehead_skin_is_measured_up_to_the_hairline_and_a_tint_on_it_is_seen():
    photo = np.full((200, 200, 3), (200, 150, 125), np.uint8)  # skin
    photo[:60] = (40, 30, 25)  # dark hair above the forehead
    landmarks = _landmarks()
    skin = forehead_skin(photo, landmarks)
    assert skin[62:100, 70:130].all() and not skin[:60].any()  # the skin up to the hairline (y 60), not the hair
    blond = photo.copy()
    blond[:60] = (200, 170, 110)
    assert look(photo, blond, landmarks)["forehead skin colour shift"] == 0  # the hair alone changed
    glowing = blond.copy()
    glowing[60:80] = (230, 200, 140)  # the recolouring spilt past the hairline
    assert look(photo, glowing, landmarks)["forehead skin colour shift"] > 10


def test_a_pasted_square_has_straight_seams_and_a_change_that_stops_at_the_photos_own_straight_edge_has_none():
    photo = np.full((200, 200, 3), (200, 150, 125), np.uint8)
    photo[:, 120:] = (40, 30, 25)  # a dark wall beside the face, its edge straight
    pasted = photo.copy()
    pasted[40:140, 20:100] = (170, 130, 110)  # a paler square over the skin
    assert straight_seams(photo, pasted, 100) >= 2
    recoloured = photo.copy()
    recoloured[:, 120:] = (200, 170, 110)  # the wall recoloured up to its own edge
    assert straight_seams(photo, recoloured, 100) == 0
    assert straight_seams(photo, photo, 100) == 0


def test_a_lock_left_dark_beside_the_face_is_seen_and_recolouring_it_moves_the_face_but_not_its_skin():
    photo = np.full((200, 200, 3), (200, 150, 125), np.uint8)  # skin
    photo[:60] = photo[60:115, 50:66] = (40, 30, 25)  # dark hair above the forehead and a lock down the left temple
    landmarks = _landmarks()
    hair, top, whole = (photo == (40, 30, 25)).all(2), photo.copy(), photo.copy()
    top[:100][hair[:100]] = (200, 170, 110)  # blond down to the brows' row: the lock within the face left dark
    whole[hair] = (200, 170, 110)
    assert left_beside(photo, top, landmarks) > 0.02 and left_beside(photo, whole, landmarks) == 0
    assert left_beside(photo, photo, landmarks) == 0  # nothing changed
    measured = look(photo, whole, landmarks)
    assert measured["face colour shift"] > 3 and measured["face skin colour shift"] == 0


def test_hair_left_dark_at_the_temples_under_a_recoloured_top_is_seen_and_a_whole_recolouring_is_not():
    landmarks = _landmarks()
    photo = np.full((200, 200, 3), (225, 225, 220), np.uint8)  # a pale background
    cv2.circle(photo, (100, 105), 85, (40, 30, 25), -1)  # dark hair all about the head
    photo[outline_mask(np.vstack([landmarks[:17], landmarks[17:27] - (0, 40)]), (200, 200))] = (200, 150, 125)
    hair, top, whole = (photo == (40, 30, 25)).all(2), photo.copy(), photo.copy()
    top[:70][hair[:70]] = (200, 170, 110)  # blond over the top only: the sides stay dark, a cap
    whole[hair] = (200, 170, 110)
    assert left_at_temples(photo, top, landmarks) > 0.3
    assert left_at_temples(photo, whole, landmarks) == 0 and left_at_temples(photo, photo, landmarks) == 0


def test_drawn_hair_as_sharp_as_the_photos_own_is_1_sharper_above_and_a_smear_below():
    photo = np.full((160, 160, 3), 200, np.uint8)  # a pale background, the photo's own hair on the left
    hair = np.zeros((160, 160), bool)
    hair[:, :60] = True
    streaks = np.random.default_rng(0).normal(0, 10, (1, 60)).repeat(160, 0).astype(np.float32)  # strands down

    def dark(grey: np.ndarray) -> np.ndarray:
        return np.dstack([np.clip(60 + grey, 0, 255).round().astype(np.uint8)] * 3)

    photo[:, :60] = dark(streaks)

    def drawn_with(grey: np.ndarray) -> float:  # the same strands drawn over the background on the right
        edited = photo.copy()
        edited[:, 90:150] = dark(grey)
        return drawn_sharpness(photo, edited, hair)

    assert 0.9 < drawn_with(streaks) < 1.1
    assert drawn_with(3 * streaks) > 2  # painted streaks
    assert drawn_with(cv2.GaussianBlur(streaks, (0, 0), 3)) < 0.5  # a smear
    assert drawn_sharpness(photo, photo, hair) == 1  # nothing drawn: not measured


def test_show_through_sees_the_photos_detail_under_drawn_hair_and_not_noise():
    rng = np.random.default_rng(0)
    photo = np.full((120, 160, 3), 170, np.uint8)
    photo[:, 40:44] = 90  # a collar's edge and a necklace's beads under where the hair is drawn
    photo[60:64, ::8] = 60
    own = np.zeros((120, 160), bool)
    drawn = photo.astype(np.float32)
    drawn[:, 20:140] = 60 + rng.normal(0, 4, (120, 120, 1))  # dark hair over it, with its own grain
    ghosts = drawn + 0.7 * (photo - cv2.GaussianBlur(photo.astype(np.float32), (0, 0), 1.0))
    as_uint8 = lambda image: image.clip(0, 255).round().astype(np.uint8)
    assert show_through(photo, as_uint8(ghosts), own) > 0.3
    assert abs(show_through(photo, as_uint8(drawn), own)) < 0.1
    assert show_through(photo, photo, own) == 0  # nothing drawn: not measured


def test_a_small_orange_patch_is_a_blotch_though_the_mean_colour_hardly_moves_and_a_warp_is_none():
    skin = np.full((160, 160, 3), (190, 150, 130), np.uint8)
    skin[::6] = (170, 130, 110)  # creases to move
    inside = np.zeros(skin.shape[:2], bool)
    inside[20:140, 20:140] = True
    patched = skin.copy()
    patched[70:80, 30:40] = (230, 140, 60)  # an orange eye corner, 10 px on a face 120 px wide
    assert abs(patched[inside].astype(float).mean(0) - skin[inside].mean(0)).max() < 2  # unseen by the mean
    assert blotch(skin, patched, inside, 120) > 8
    moved = np.roll(skin, 3, axis=0)  # the photo's own pixels moved (a warp): no new hue
    assert blotch(skin, moved, inside, 120) < 1


def test_paint_on_another_persons_head_is_seen_and_not_on_this_ones():
    face = np.stack([np.r_[np.linspace(60, 100, 17), np.linspace(65, 95, 51)],
                     np.r_[np.linspace(70, 110, 17), np.linspace(60, 100, 51)]], 1)  # 68 points, 40 px wide
    other = face + (100, 0)
    heads = other_heads(face, [other], (200, 300))
    assert heads[130, 180] and heads[40, 180] and not heads[90, 80] and not heads[90, 130]  # hair below, above; mine
    photo = np.full((200, 300, 3), 120, np.uint8)
    mine, theirs = photo.copy(), photo.copy()
    mine[30:60, 60:100] = 200  # this face's crown recoloured
    theirs[110:160, 170:180] = 200  # a lock beside the other face recoloured
    assert look(photo, mine, face, others=[other])["change on other people"] == 0
    assert look(photo, theirs, face, others=[other])["change on other people"] > 1
    assert np.isnan(look(photo, theirs, face)["change on other people"])


def test_a_recolouring_spilt_onto_the_background_beside_the_head_is_beyond_it_and_the_hair_alone_is_not():
    angles = np.linspace(np.pi, 0, 17)
    jaw = np.stack([150 + 50 * np.cos(angles), 150 + 70 * np.sin(angles)], 1)  # jaw 100 wide, chin at y 220
    brows = np.stack([np.linspace(110, 190, 10), np.full(10, 140.0)], 1)
    landmarks = np.concatenate([jaw, brows, np.stack([np.linspace(120, 180, 41), np.linspace(150, 200, 41)], 1)])
    photo = np.full((300, 300, 3), 120, np.uint8)
    cv2.ellipse(photo, (150, 130), (70, 75), 0, 180, 360, (40, 30, 25), -1)  # dark hair over the skull
    blond = photo.copy()
    blond[(photo == (40, 30, 25)).all(2)] = (200, 170, 110)
    assert beyond_head(photo, blond, landmarks) == 0 and beyond_head(photo, photo, landmarks) == 0
    spilt = blond.copy()
    spilt[60:120, 0:40] = (200, 170, 110)  # a wall beside the head turned blond too
    assert beyond_head(photo, spilt, landmarks) > 0.1 and look(photo, spilt, landmarks)["beyond the head"] > 0.1
