"""The test helper that rebuilds a notebook's demos (tests/catalogue.py) runs the cells they need."""

from catalogue import needed_cells


def test_a_demo_needs_the_cells_that_bind_what_it_reads_and_nothing_else():
    cells = [
        "import numpy as np\nimport nblib",                      # 0: binds np, nblib
        "nblib.style.use()",                                     # 1: changes nblib (a method called)
        "history = nblib.training.train(big)",                   # 2: a long run nothing after it reads
        "x = np.linspace(0, 1, 5)\nrate = 2",                    # 3: binds x, rate
        "def draw(view, w):\n    y = w * x\n    return y",        # 4: binds draw, reads x (y is its own)
        "print(rate)",                                           # 5: reads only
        "nblib.demo(draw, w=(0, 1))",                            # 6: the demo
        "rate = 3",                                              # 7: after the last demo
    ]
    assert needed_cells(cells) == [0, 1, 3, 4, 6]


def test_names_a_comprehension_or_a_function_binds_are_its_own():
    cells = ["k = 1\nw = 2", "f = lambda k: k + 1\nvalues = [w for w in range(3)]", "nblib.demo(f, v=values)"]
    assert needed_cells(cells) == [1, 2]
