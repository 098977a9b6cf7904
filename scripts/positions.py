#!/usr/bin/env python3
"""Draws content/positions/<id>.svg: one line drawing per body position a routine step uses (issue #17).

Every drawing is the same stick figure seen from the side on a 160x100 canvas: one stroke width, round caps
and joins, a ground line, the head a circle, the far limbs faint, every stroke currentColor (so it follows the
theme). The tools are drawn the same way everywhere: the foam roller end-on (a circle and its core), the
tennis ball a smaller circle on the ground, the wall a vertical line. Edit a pose here and run
`python3 scripts/positions.py`; the files are what the app embeds (build.rs) and validates.
"""
import os

GROUND = 92
ROLLER_R, BALL_R = 9, 5.5
HEAD_R = 7


def roller(cx):
    cy = GROUND - ROLLER_R
    return [f'<circle cx="{cx}" cy="{cy}" r="{ROLLER_R}"/>', f'<circle cx="{cx}" cy="{cy}" r="2.5"/>']


def ball(cx):
    return [f'<circle cx="{cx}" cy="{GROUND - BALL_R}" r="{BALL_R}"/>']


def wall(x):
    return [f'<path d="M{x} 6V{GROUND}"/>']


def line(*pts):
    return "M" + "L".join(f"{x} {y}" for x, y in pts)


# id: (title, tool parts, head (x, y), near lines, far lines)
POSES = {
    "roller-calves": (
        "Sitting with the roller under one calf, hands behind you, hips lifted",
        roller(98), (30, 42),
        [[(60, 75), (36, 52)], [(60, 75), (84, 71), (112, 73), (116, 65)], [(36, 52), (30, 70), (24, 90)]],
        [[(60, 75), (84, 66), (110, 65), (114, 57)]],
    ),
    "roller-hamstrings": (
        "Sitting with the roller under one thigh, hands behind you, hips lifted",
        roller(70), (26, 40),
        [[(54, 73), (32, 50)], [(54, 73), (86, 73), (112, 80), (116, 72)], [(32, 50), (27, 70), (22, 90)]],
        [[(54, 73), (76, 56), (92, 89), (101, 90)]],
    ),
    "roller-quads": (
        "Face down on your forearms with the roller under one thigh",
        roller(86), (17, 58),
        [[(26, 66), (70, 72)], [(70, 72), (100, 74), (126, 80), (131, 89)], [(26, 66), (26, 89), (42, 89)]],
        [[(70, 72), (98, 82), (124, 86), (128, 91)]],
    ),
    "roller-adductors": (
        "Face down on your forearms, one leg bent out to the side with the roller under the inner thigh",
        roller(80), (17, 60),
        [[(26, 68), (72, 73)], [(72, 73), (86, 72), (110, 74), (114, 81)], [(26, 68), (26, 89), (42, 89)]],
        [[(74, 74), (104, 84), (130, 88), (134, 91)]],
    ),
    "roller-side-hip": (
        "Lying on your side on a forearm with the roller under the side of the hip",
        roller(66), (17, 60),
        [[(26, 68), (66, 72)], [(66, 72), (98, 80), (128, 86), (134, 82)], [(26, 68), (26, 89), (42, 89)]],
        [[(66, 72), (84, 58), (94, 89), (102, 90)]],
    ),
    "roller-outer-thigh": (
        "Lying on your side on a forearm with the roller under the outer thigh",
        roller(88), (17, 60),
        [[(26, 68), (62, 78)], [(62, 78), (108, 70), (132, 76), (137, 70)], [(26, 68), (26, 89), (42, 89)]],
        [[(62, 78), (80, 60), (90, 89), (98, 90)]],
    ),
    "roller-glutes": (
        "Sitting on the roller, one ankle crossed over the other knee, hands behind you",
        roller(62), (40, 33),
        [[(62, 72), (46, 44)], [(62, 72), (76, 54), (92, 60)], [(46, 44), (38, 68), (30, 90)]],
        [[(62, 72), (90, 60), (100, 89), (108, 90)]],
    ),
    "roller-upper-back": (
        "Lying back with the roller under the shoulder blades, knees bent, hips lifted",
        roller(50), (29, 67),
        [[(42, 71), (78, 70)], [(78, 70), (102, 54), (110, 89), (118, 90)], [(42, 71), (56, 62), (48, 57)]],
        [[(78, 70), (100, 58), (104, 89)]],
    ),
    "roller-upper-back-arch": (
        "Hips on the floor, the upper back arched over the roller, hands behind the head",
        roller(54), (26, 82),
        [[(86, 88), (58, 72), (38, 78)], [(86, 88), (110, 62), (120, 89), (128, 90)], [(38, 78), (36, 62), (22, 74)]],
        [[(86, 88), (106, 66), (114, 89)]],
    ),
    "roller-upper-back-side": (
        "Lying back on the roller, turned a little onto one side, one arm across the chest",
        roller(50), (29, 67),
        [[(42, 71), (78, 72)], [(78, 72), (102, 56), (110, 89), (118, 90)], [(42, 71), (52, 54), (62, 44)]],
        [[(78, 72), (98, 62), (104, 89)]],
    ),
    "ball-calf": (
        "Sitting on the floor with the ball under one calf, hands behind you",
        ball(98), (34, 48),
        [[(58, 88), (40, 58)], [(58, 88), (84, 79), (112, 80), (116, 72)], [(40, 58), (33, 74), (26, 90)]],
        [[(58, 88), (84, 73), (110, 73), (114, 65)]],
    ),
    "ball-glute": (
        "Sitting on the ball under one buttock, hands behind you, knees bent",
        ball(60), (39, 39),
        [[(60, 78), (44, 50)], [(60, 78), (86, 56), (98, 89), (106, 90)], [(44, 50), (37, 70), (30, 90)]],
        [[(60, 78), (90, 86), (118, 88), (122, 81)]],
    ),
    "ball-hip-flexor": (
        "Face down on your forearms with the ball under the front of one hip",
        ball(72), (18, 64),
        [[(28, 72), (72, 79)], [(72, 79), (100, 84), (128, 87), (133, 91)], [(28, 72), (28, 89), (44, 89)]],
        [],
    ),
    "ball-foot": (
        "Standing with one foot on the ball, a hand on the wall",
        wall(36) + ball(57), (70, 13),
        [[(70, 21), (72, 54)], [(72, 54), (63, 68), (63, 78), (51, 79)], [(70, 24), (54, 34), (39, 30)]],
        [[(72, 54), (73, 72), (74, 89), (64, 90)]],
    ),
    "wall-calf-stretch": (
        "Standing facing the wall, hands on it, one leg straight back with the heel down",
        wall(30), (49, 22),
        [[(55, 30), (80, 56)], [(80, 56), (101, 72), (122, 88), (112, 90)], [(55, 30), (43, 38), (33, 30)]],
        [[(80, 56), (62, 70), (66, 88), (57, 90)]],
    ),
    "hands-calf": (
        "Sitting with one knee bent, both hands around the calf",
        [], (68, 48),
        [[(44, 88), (60, 58)], [(44, 88), (86, 58), (104, 88), (114, 90)], [(60, 58), (76, 78), (94, 73)]],
        [[(44, 88), (84, 89), (120, 89), (124, 81)], [(60, 58), (74, 68), (90, 65)]],
    ),
    "hands-foot": (
        "Sitting with one foot across the other knee, thumbs on the sole",
        [], (62, 47),
        [[(44, 88), (56, 57)], [(44, 88), (70, 80), (86, 62), (94, 52)], [(56, 57), (68, 74), (88, 57)]],
        [[(44, 88), (88, 62), (98, 88), (106, 90)]],
    ),
}


def svg(title, tool, head, near, far):
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 100" fill="none" stroke="currentColor" '
        'stroke-width="3" stroke-linecap="round" stroke-linejoin="round">',
        f"<title>{title}</title>",
        f'<path d="M6 {GROUND}H154"/>',
        *tool,
    ]
    if far:
        out.append('<g opacity=".45">' + "".join(f'<path d="{line(*p)}"/>' for p in far) + "</g>")
    out.append(f'<circle cx="{head[0]}" cy="{head[1]}" r="{HEAD_R}"/>')
    # The neck: from the end of the torso nearest the head to the edge of the head.
    sx, sy = min(near[0], key=lambda p: (p[0] - head[0]) ** 2 + (p[1] - head[1]) ** 2)
    dx, dy = sx - head[0], sy - head[1]
    d = (dx * dx + dy * dy) ** 0.5
    if d > HEAD_R + 1:
        ex, ey = head[0] + dx * HEAD_R / d, head[1] + dy * HEAD_R / d
        out.append(f'<path d="M{sx} {sy}L{ex:.1f} {ey:.1f}"/>')
    out += [f'<path d="{line(*p)}"/>' for p in near]
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "content", "positions")
    os.makedirs(here, exist_ok=True)
    for pid, (title, tool, head, near, far) in POSES.items():
        with open(os.path.join(here, f"{pid}.svg"), "w") as f:
            f.write(svg(title, tool, head, near, far))
    print(f"{len(POSES)} drawings in content/positions/")
