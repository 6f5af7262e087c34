"""Long hair drawn on a photo: curtains of the hair's own colour beside the face and the neck, the face untouched."""
import cv2
import numpy as np

from conftest import PAINTED_HAIR
from ganedit.bench.look import laplacian, look
from ganedit.edits import curtains, hairline
from ganedit.edits.regions import hull, whole_face
from ganedit.edits.strands import hair_coherence


def _changed(before: np.ndarray, after: np.ndarray, by: int = 2) -> np.ndarray:
    return np.abs(after.astype(int) - before).max(2) > by


def test_curtains_fall_beside_the_face_past_the_chin_in_the_hairs_colour(haired_photo):
    rgb, points, hair, _ = haired_photo
    hung = curtains.hang(rgb, points, hair, 2.0)
    changed = _changed(rgb, hung)
    chin = int(points[8, 1])
    below = changed[chin + 10:]
    assert below[:, :int(points[8, 0])].sum() > 300 and below[:, int(points[8, 0]):].sum() > 300  # both sides
    dense = _changed(rgb, hung, 60) & (hair[0] < 0.5)  # where the curtains cover the background
    assert dense[chin:].sum() > 1000
    assert np.abs(np.median(hung[dense], 0) - PAINTED_HAIR).max() < 25  # in the hair's own colour
    assert not changed[hull(points[17:68], rgb.shape[:2]) > 0].any()  # the face's inside stays the photo's
    jaw = cv2.erode(hull(points[4:13], rgb.shape[:2]), np.ones((7, 7), np.uint8))  # the jaw's lower half, inside
    inside, photo = hung[jaw > 0].astype(float), rgb[jaw > 0].astype(float)
    assert (inside <= photo + 2).all() and (inside >= 0.7 * photo - 2).all()  # the hair falls behind it: its shadow
    assert changed[jaw > 0].any()  # darkens the jaw's rim a little (a cut-out face without it, session 38)
    assert not changed[:, int(points[8, 0]) - 15:int(points[8, 0]) + 15][chin - 20:].any()  # and the neck


def test_the_drawn_strands_are_no_lighter_than_most_of_the_photos_own_hair(haired_photo):
    rgb, points, hair, _ = haired_photo
    hung = curtains.hang(rgb, points, hair, 2.0)
    dense = _changed(rgb, hung, 60) & (hair[0] < 0.5)  # the curtains over the background, below the chin
    dense[:int(points[8, 1])] = False
    dense = cv2.erode(dense.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0  # not their edges, mixed with it
    grey, own = (cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) for image in (hung, rgb))
    # highlights eased (HIGHLIGHTS, SHADE): no white wires on dark hair (55 against 57; 60 before session 55)
    assert np.percentile(grey[dense], 99) <= np.percentile(own[hair[0] > 0.5], 80)


def test_curtains_hang_behind_another_persons_head_and_a_lower_ones_shoulders(haired_photo):
    rgb, points, hair, _ = haired_photo
    width = np.ptp(points[:17, 0])
    other = 0.6 * points + 0.4 * (points[0] + (-0.35 * width, 0.6 * width))  # a smaller face by the left jaw, lower
    higher = other - (0, other[17:27, 1].min() - points[17:27, 1].min() + 5)  # the same, its brows above these
    alone, behind, before = (curtains.hang(rgb, points, hair, 2.0, curtains.sides(rgb, points, hair, others=faces))
                             for faces in ((), [other], [higher]))
    theirs = hull(other[:17], rgb.shape[:2]) > 0
    assert _changed(rgb, alone)[theirs].mean() > 0.3 and not _changed(rgb, behind)[theirs].any()
    assert _changed(rgb, behind)[int(points[8, 1]) + 10:, int(points[8, 0]):].sum() > 300  # the other side: as alone
    for face, hidden in ((other, True), (higher, False)):  # below the chin: a lower face's shoulders are in front
        shoulder = np.zeros(rgb.shape[:2], bool)
        shoulder[int(face[8, 1]) + 5:int(face[8, 1]) + 35, int(face[:17, 0].min()):int(face[:17, 0].max())] = True
        shoulder &= hull(whole_face(face), rgb.shape[:2]) == 0
        drawn = _changed(rgb, behind if hidden else before)[shoulder].mean()
        assert _changed(rgb, alone)[shoulder].mean() > 0.5 and (drawn == 0 if hidden else drawn > 0.5)


def test_below_the_chin_curtains_hang_behind_a_lower_persons_hair_not_only_their_heads_outline(haired_photo):
    rgb, points, (weights, _), _ = haired_photo
    rgb, weights = np.pad(rgb, ((0, 200), (0, 0), (0, 0)), mode="edge"), np.pad(weights, ((0, 200), (0, 0)))
    hair, width = (weights, (0, 0, *weights.shape)), np.ptp(points[:17, 0])
    other = 0.5 * (points - points.mean(0)) + points[8] + (-0.5 * width, 0.8 * width)  # a small face below, left
    head = hull(whole_face(other, curtains.SKULL), rgb.shape[:2]) > 0
    grown = cv2.dilate(head.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (51, 51))) > 0
    blond = rgb.copy()
    blond[grown & ~(hull(whole_face(other), rgb.shape[:2]) > 0)] = (205, 170, 110)  # their hair, round their head
    theirs = grown & ~(cv2.dilate(head.astype(np.uint8), np.ones((31, 31), np.uint8)) > 0)  # beyond the outline
    theirs[:int(points[8, 1]) + 15] = False  # below this face's chin
    alone, behind = (curtains.hang(blond, points, hair, 2.0, curtains.sides(blond, points, hair, others=faces))
                     for faces in ((), [other]))
    assert _changed(blond, alone)[theirs].mean() > 0.1 and not _changed(blond, behind)[theirs].any()  # 20% before
    assert _changed(blond, behind)[int(points[8, 1]) + 10:, int(points[8, 0]):].sum() > 300  # the other side: drawn


def test_a_turned_faces_far_side_gets_no_curtain(haired_photo):
    rgb, points, hair, _ = haired_photo
    turned = points.copy()
    turned[30] = 0.8 * points[14] + 0.2 * points[30]  # the nose's tip near the jaw's right side: turned that way
    changed = _changed(rgb, curtains.hang(rgb, turned, hair, 2.0))[int(points[8, 1]):]
    assert changed[:, :int(points[8, 0])].sum() > 300 and not changed[:, int(points[8, 0]):].any()


GINGER = (190, 95, 45)  # RGB: the beard _bearded paints, unlike the hair's colour (PAINTED_HAIR)


def _bearded(haired_photo, length: float) -> tuple[np.ndarray, np.ndarray]:
    """``haired_photo``'s photo with a ginger beard over the jaw's lower half and ``length`` brows-to-chin distances
    below it (the jaw dropped by that much at the chin, by none at its middle), the lips left; and where it lies
    below the jaw line (bool [H,W])."""
    rgb, points, _, _ = haired_photo
    frame = hairline.frame_of(points)
    across, down = frame.from_photo(points[3:14])
    below = frame.to_photo(across, down + length * np.clip((down - 0.5) / 0.5, 0, 1))
    beard = (hull(np.vstack([points[3:14], below, points[[31, 35]]]), rgb.shape[:2]) > 0)
    beard &= hull(points[48:60], rgb.shape[:2]) == 0
    noise = np.random.default_rng(1).normal(0, 30, rgb.shape[:2])[..., None]  # its hairs
    painted = rgb.copy()
    painted[beard] = (np.asarray(GINGER, float) + noise)[beard].clip(0, 255).astype(np.uint8)
    return painted, beard & (hull(points[:17], rgb.shape[:2]) == 0)


def test_a_bearded_faces_curtains_hang_behind_its_beard_not_over_it(haired_photo):
    _, points, hair, _ = haired_photo
    painted, beyond_jaw = _bearded(haired_photo, 0.25)
    over, beside = (curtains.hang(painted, points, hair, 2.0, curtains.sides(painted, points, hair, bearded=bearded))
                    for bearded in (False, True))
    covered = _changed(painted, over, 60)[beyond_jaw].mean()
    assert covered > 0.2  # laid over it unless known to be bearded
    assert _changed(painted, beside, 60)[beyond_jaw].mean() < min(0.1, covered / 2)  # behind it: a little at its edge
    assert _changed(painted, beside, 60)[int(points[8, 1]) + 40:].sum() > 1000  # still drawn below it


def _rolled(haired_photo, roll: float) -> tuple[np.ndarray, np.ndarray, tuple]:
    """``haired_photo`` 300 rows taller, its head turned ``roll`` degrees about its nose (its top towards the photo's
    right, or left when negative): the photo, its landmarks and its hair."""
    rgb, points, (weights, _), _ = haired_photo
    tall, weights = np.pad(rgb, ((0, 300), (0, 0), (0, 0)), mode="edge"), np.pad(weights, ((0, 300), (0, 0)))
    turn = cv2.getRotationMatrix2D(tuple(points[30]), roll, 1.0)
    photo = cv2.warpAffine(tall, turn, tall.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)
    hair = (cv2.warpAffine(weights, turn, tall.shape[1::-1]), (0, 0, *tall.shape[:2]))
    return photo, cv2.transform(points[None], turn)[0], hair


def test_a_rolled_heads_curtains_fall_plumb_below_the_ears_not_along_the_face(haired_photo):
    drifts = {}
    for roll in (0.0, 20.0, -20.0):
        photo, turned, hair = _rolled(haired_photo, roll)
        changed = _changed(photo, curtains.hang(photo, turned, hair, 2.0), 40)
        chin, centre = int(turned[8, 1]), int(turned[8, 0])
        middles = [np.mean([np.ptp(np.nonzero(half)[0]) / 2 + np.nonzero(half)[0].min() + start
                            for half, start in ((changed[row, :centre], 0), (changed[row, centre:], centre))])
                   for row in (chin + 10, chin + 70)]  # the curtains' middle, high and low below the chin
        drifts[roll] = (middles[1] - middles[0]) / 60  # sideways per row, their flare cancelled
    assert abs(drifts[0.0]) < 0.05
    for roll in (20.0, -20.0):  # along the face's down they drifted by 0.15 more (a diagonal curtain, ``img102``)
        assert abs(drifts[roll] - drifts[0.0]) < 0.05


def test_a_rolled_heads_curtains_leave_no_straight_seam(haired_photo):
    for roll in (10.0, 20.0, -10.0, -20.0):  # at 20 the second side's box cut the first curtain off plumb beside
        photo, turned, hair = _rolled(haired_photo, roll)  # the neck: a seam
        assert look(photo, curtains.hang(photo, turned, hair, 2.0), turned)["straight seams"] == 0


def test_hair_already_long_is_kept_and_no_hair_draws_nothing(haired_photo):
    rgb, points, (weights, box), _ = haired_photo
    assert curtains.hang(rgb, points, (np.zeros_like(weights), box), 2.0) is rgb
    long = rgb.copy()  # hair falling down both sides of the face to the photo's bottom, lighter than the painted top
    rows, columns = np.mgrid[0:rgb.shape[0], 0:rgb.shape[1]]
    beside = (rows > points[19, 1]) & ((columns < points[0, 0] + 5) | (columns > points[16, 0] - 5))
    beside &= np.abs(columns - points[8, 0]) < 120
    falling = (weights > 0.5) | beside
    long[beside] = (120, 80, 50)
    assert curtains.long_already(curtains.sides(long, points, (falling.astype(np.float32), box)))
    assert curtains.hang(long, points, (falling.astype(np.float32), box), 2.0) is long  # none drawn over it
    shoulder_length = falling & (rows < points[8, 1])  # the same hair, ending at the chin: made longer
    assert not curtains.long_already(curtains.sides(long, points, (shoulder_length.astype(np.float32), box)))


def test_hair_on_one_side_of_the_head_only_gets_curtains_in_its_colour_and_a_scalp_of_the_skins_none(haired_photo):
    rgb, points, (weights, box), _ = haired_photo
    one_side = weights * (np.arange(rgb.shape[1])[None] < points[19, 0])  # none over the forehead's middle
    assert hairline.find(rgb, points, (one_side, box)) is None  # no hairline: nothing was drawn (img100)
    hung = curtains.hang(rgb, points, (one_side, box), 2.0)
    dense = _changed(rgb, hung, 60) & (weights < 0.5)
    assert dense[int(points[8, 1]):].sum() > 1000 and np.abs(np.median(hung[dense], 0) - PAINTED_HAIR).max() < 25
    scalp = rgb.copy()  # the same map over a stubbly scalp of the forehead's colour, a little darker (img20, img99)
    forehead = np.median(rgb[int(points[19, 1]) - 25:int(points[19, 1]) - 10, 130:170].reshape(-1, 3), 0)
    stubble = np.random.default_rng(2).normal(0, 12, (*rgb.shape[:2], 1))
    scalp[one_side > 0.5] = (forehead * 0.85 + stubble[one_side > 0.5]).clip(0, 255)
    assert curtains.hang(scalp, points, (one_side, box), 2.0) is scalp


def test_the_drawn_hairs_fine_detail_follows_the_photos_own_hair(haired_photo):
    rgb, points, hair, _ = haired_photo
    on_head = hair[0] > 0.5
    strands = np.random.default_rng(1).normal(0, 1, rgb.shape[1])  # one lightness per column of the photo's hair
    waves = cv2.GaussianBlur(strands[None], (0, 0), 4)[0]  # the same, blurred: as wide as four columns
    strands, waves = (20 * column / column.std() for column in (strands, waves))  # as much contrast each

    def drawn_detail(columns: np.ndarray) -> float:  # grey hair; the Laplacian's spread in its curtains
        photo = rgb.copy()
        photo[on_head] = (70.0 + np.broadcast_to(columns, on_head.shape)[on_head, None]
                          ).clip(0, 255).astype(np.uint8)
        hung = curtains.hang(photo, points, hair, 2.0)
        below = _changed(photo, hung, 30) & ~on_head
        below[:int(points[8, 1])] = False
        return float(laplacian(hung)[cv2.erode(below.astype(np.uint8), np.ones((5, 5))) > 0].std())

    assert drawn_detail(strands) > 2 * drawn_detail(waves)  # as much contrast, the sharper hair's sharper


def test_the_wavy_hair_slider_curls_the_strands(haired_photo):
    rgb, points, hair, _ = haired_photo
    drawn = {wavy: curtains.hang(rgb, points, hair, 2.0, wavy=wavy) for wavy in (0.0, 1.0, 2.0, 3.0)}
    assert np.array_equal(drawn[2.0], drawn[3.0])  # FULL
    shown = cv2.erode((_changed(rgb, drawn[0.0], 40) & _changed(rgb, drawn[2.0], 40)).astype(np.uint8),
                      np.ones((5, 5), np.uint8)) > 0  # the curtains alike, whatever their strands
    one_way = {wavy: hair_coherence(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32), shown, 3.0)
               for wavy, image in drawn.items()}
    assert one_way[0.0] > one_way[1.0] > one_way[2.0] and one_way[0.0] - one_way[2.0] > 0.15  # 0.96, 0.84, 0.71


def test_strands_are_drawn_wherever_the_curtain_shows_and_nowhere_far_from_it(haired_photo):
    rgb, points, hair, _ = haired_photo
    for side in curtains.sides(rgb, points, hair):
        ends = curtains._curtain(side, 1.0, side.streaks) > 0  # at full reach
        assert ends.any() and side.drawn[ends].all() and (side.streaks[~side.drawn] == 0).all()
        assert side.drawn.mean() < 0.7  # the strands' cost: the box holds much more than the curtain
        assert side.drawn[side.body > 0].all()


def test_flyaways_stray_beyond_the_curtains_outer_edge_from_where_it_hangs(haired_photo):
    rgb, points, hair, _ = haired_photo
    for side in curtains.sides(rgb, points, hair):
        strays = side.strays > 0.05
        beyond = strays & (side.body < 0.01)  # off the curtain itself
        assert beyond.sum() > 20 and side.strays.max() <= curtains.STRAYS[4]
        assert (side.depth[beyond] > 0.8).mean() > 0.9  # past its outer edge (or in its ragged gaps), not its inner one
        assert strays.sum() < 0.1 * (side.body > 0.5).sum()  # a few thin strands, not a halo
    half = curtains.hang(rgb, points, hair, curtains.FULL / 2)  # a shorter curtain: no flyaways rooted below it
    rows, columns = np.nonzero(_changed(rgb, half))
    down = hairline.frame_of(points).from_photo(np.stack([columns, rows], 1))[1]
    assert down.max() < curtains.HANG + (curtains.ENDS - curtains.HANG) / 2 + curtains.STRAYS[2][1]


def test_single_hairs_run_along_the_strands_some_lighter_some_darker(haired_photo):
    rgb, points, hair, _ = haired_photo
    for side in curtains.sides(rgb, points, hair):
        fibres = side.fibres[side.body > 0.5]
        assert (fibres > 0.3).mean() > 0.1 and (fibres < -0.3).mean() > 0.1
        crown = curtains._crown(side.frame)
        rows, columns = np.mgrid[:side.fibres.shape[0], :side.fibres.shape[1]]
        way = np.dstack([columns - crown[0], rows - crown[1]])
        way /= np.linalg.norm(way, axis=2, keepdims=True)  # the strands' way, from the crown
        dy, dx = np.gradient(side.fibres)
        along, across = np.abs(dx * way[..., 0] + dy * way[..., 1]), np.abs(dy * way[..., 0] - dx * way[..., 1])
        assert across.mean() > 2 * along.mean()  # thin hairs along the strands, not blotches


def test_the_longest_strands_end_inside_the_curtains_box(haired_photo):
    rgb, points, (weights, _), _ = haired_photo
    tall = np.pad(rgb, ((0, 300), (0, 0), (0, 0)), mode="edge")  # room below the ends
    hair = (np.pad(weights, ((0, 300), (0, 0))), (0, 0, *tall.shape[:2]))
    changed = _changed(tall, curtains.hang(tall, points, hair, 2.0))
    for side in curtains.sides(tall, points, hair):
        top, left, bottom, right = side.box
        assert bottom < len(tall) and changed[bottom - 40:bottom, left:right].any()  # the ends, above the box's side
        assert not changed[bottom - 1, left:right].any()  # not cut off along it (a comb's straight edge)


def test_the_sides_drawn_on_two_threads_are_those_drawn_on_one(haired_photo):
    rgb, points, hair, _ = haired_photo
    one, two = (curtains.sides(rgb, points, hair, bearded=True, threads=threads) for threads in (1, 2))
    assert len(one) == len(two) == 2
    for first, second in zip(one, two):
        assert first.box == second.box
        for name in ("streaks", "locks", "body", "shadowed", "strays", "fibres"):
            assert np.array_equal(getattr(first, name), getattr(second, name)), name
