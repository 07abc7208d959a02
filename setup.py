"""The optional C extension; everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        # The clusterer's hot loops in C (src/newsloom/cluster/_sparse.c).
        # Optional: without a C compiler pip installs the pure-Python versions, which
        # give the same results more slowly. No fused multiply-add: the C must round
        # as CPython does.
        Extension(
            "newsloom.cluster._sparse",
            ["src/newsloom/cluster/_sparse.c"],
            extra_compile_args=["-ffp-contract=off"],
            optional=True,
        )
    ]
)
