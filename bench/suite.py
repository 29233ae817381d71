"""The benchmark harness: the environment commands run in, one measured command, the sizes
(synthetic data made on demand), and the raw floor of a query. The items themselves are in
items.py; the command line in run.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import generate
from checks import parse_limit, rows_check, split_if_needed
from measure import Measurement, Policy, Run, run_once

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
ID = "https://w3id.org/pim/id/"
LOAD_QUERY = BENCH / "load.rq"
# Parameter values on the bundled graph (synthetic sizes use the generator's examples).
BUNDLED_EXAMPLES = {
    "city": ID + "city/slupsk",
    "network": ID + "network/miasto-zielone",
    "theme": ID + "theme/zielona-infrastruktura",
    "plan": ID + "plan/miasto-zielone",
    "edition": ID + "edition/2021-2023",
    "scope": ID + "scope/zmiany-prawne",
    "resource": ID + "city/slupsk",
}


@dataclass
class Size:
    """One size of graph: 'bundled' alone or bundled + a synthetic file."""

    name: str
    files: list[Path] = field(default_factory=list)  # given to pimgraph (parts if split)
    expected: dict | None = None  # the generator's sidecar: planted errors, examples
    submission: Path | None = None
    examples: dict[str, str] = field(default_factory=lambda: dict(BUNDLED_EXAMPLES))
    info: dict = field(default_factory=dict)


def rel(path: Path | str) -> str:
    """A path relative to the repository when it is inside it (for readable commands)."""
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def short(value: str) -> str:
    return value.replace(ID, "pimid:") if value.startswith(ID) else value


def find_tool(name: str) -> list[str]:
    """The console script next to this interpreter (no pyenv shim in the measurement)."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"bench: {name} is not installed")
    return [found]


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class Bench:
    def __init__(self, args):
        self.args = args
        self.policy = Policy(
            repeat=args.repeat,
            slow_repeat=args.slow_repeat,
            slow_after=args.slow_after,
            single_after=args.single_after,
            timeout=args.timeout,
        )
        self.query_policy = Policy(**{**self.policy.__dict__, "timeout": args.query_timeout})
        self.pimgraph = find_tool("pimgraph")
        self.pyshacl = find_tool("pyshacl")
        self.tmp = Path(tempfile.mkdtemp(prefix="pimgraph-bench-"))
        self.data_dir: Path = args.data_dir
        self.env = self._base_env()
        self.catalogue = self._catalogue()
        self.timed_out: dict[str, str] = {}  # query item -> size where its raw floor timed out
        self._counter = 0

    def _base_env(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("PIMGRAPH_EXTRA_DATA", "PIMGRAPH_CACHE_DIR", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        # Byte code is cached (as after pip install) but outside the checkout.
        env["PYTHONPYCACHEPREFIX"] = str(self.data_dir / "pycache")
        env["PYTHONHASHSEED"] = "0"
        return env

    def _catalogue(self) -> list[dict]:
        out = subprocess.run(
            [*self.pimgraph, "queries", "--format", "json"],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        wanted = self.args.queries
        return [q for q in json.loads(out.stdout) if not wanted or q["id"] in wanted]

    def fresh_dir(self, stem: str) -> Path:
        self._counter += 1
        path = self.tmp / f"{stem}-{self._counter}"
        path.mkdir(parents=True)
        return path

    # -- one measured command -----------------------------------------------------------------
    def measure(
        self,
        command: list[str],
        *,
        shown: str,
        cache: str | Path | None = None,
        extra_env: dict[str, str] | None = None,
        ok_codes: tuple[int, ...] = (0,),
        prepare=None,
        check=None,
        policy: Policy | None = None,
    ) -> tuple[Measurement, Path | None]:
        """Run ``command`` as the policy says. ``cache``: 'fresh' (a new cache folder each run),
        a folder (reused) or None. ``check(stdout_path)`` looks at the first run's output and
        returns a dict kept with the result. Returns the measurement and the last cache folder."""
        policy = policy or self.policy
        measurement = Measurement(command=shown)
        last_cache: Path | None = None

        def once() -> Run:
            nonlocal last_cache
            env = {**self.env, **(extra_env or {})}
            if cache == "fresh":
                if last_cache is not None:  # the previous run's: only the last one is kept
                    shutil.rmtree(last_cache, ignore_errors=True)
                last_cache = self.fresh_dir("cache")
            elif cache is not None:
                last_cache = Path(cache)
            if last_cache is not None:
                env["PIMGRAPH_CACHE_DIR"] = str(last_cache)
            if prepare:
                prepare()
            stdout = self.fresh_dir("out") / "stdout"
            return run_once(command, env, policy.timeout, stdout, cwd=self.tmp)

        measurement.load_before = os.getloadavg()[0]
        first = once()
        measurement.runs.append(first)
        if first.timed_out:
            measurement.status = "timeout"
            measurement.note = f"killed after {policy.timeout:.0f} s"
        elif first.returncode not in ok_codes:
            measurement.status = "error"
            measurement.note = f"exit {first.returncode}: {first.stderr_tail[:300]}"
        elif check:
            try:
                measurement.check = check(first.stdout)
            except Exception as error:  # a check must never stop the benchmark
                measurement.check = {"error": f"{type(error).__name__}: {error}"}
        _clean(first)
        if measurement.status != "ok":
            return measurement, last_cache
        repeats, measurement.note = policy.repeats_after(first.seconds)
        for _ in range(repeats - 1):
            run = once()
            _clean(run)
            if run.timed_out or run.returncode not in ok_codes:
                measurement.note += f"; a repeat {'timed out' if run.timed_out else 'failed'}"
                break
            measurement.runs.append(run)
        return measurement, last_cache

    # -- sizes --------------------------------------------------------------------------------
    def prepare_size(self, name: str) -> Size:
        if name == "bundled":
            size = Size(name, submission=self.tmp / "bundled.submission.ttl")
            cities = [ID + "city/slupsk", ID + "city/lublin", ID + "city/gdansk"]
            themes = [ID + "theme/zielona-infrastruktura", ID + "theme/smart-city"]
            size.submission.write_text(
                generate.submission_turtle(
                    1000, self.args.seed, cities, themes, ID + "edition/2021-2023"
                ),
                encoding="utf-8",
            )
            size.info["synthetic_triples"] = 0
            return size
        target = generate.parse_size(name)
        nt_file = self.data_dir / f"synthetic-{generate.size_label(target)}.nt"
        expected_path, submission = generate.sidecar_paths(nt_file)
        expected = read_json(expected_path)
        if (
            not nt_file.exists()
            or not expected
            or expected.get("seed") != self.args.seed
            or expected.get("target_triples") != target
        ):
            started = dt.datetime.now()
            expected = generate.generate(target, self.args.seed, nt_file)
            seconds = (dt.datetime.now() - started).total_seconds()
            print(f"  generated {rel(nt_file)} in {seconds:.1f} s", file=sys.stderr)
        size = Size(generate.size_label(target), expected=expected, submission=submission)
        size.examples.update(expected["examples"])
        size.examples["resource"] = expected["examples"]["city"]
        size.files = split_if_needed(nt_file)
        size.info.update(
            {
                "synthetic_triples": expected["triples"],
                "synthetic_file": rel(nt_file),
                "synthetic_bytes": nt_file.stat().st_size,
                "counts": expected["counts"],
                "planted_errors": len(expected["errors"]),
                "seed": self.args.seed,
            }
        )
        if size.files != [nt_file]:
            size.info["split"] = (
                f"{len(size.files)} parts: pimgraph refuses files over "
                f"{parse_limit() / 2**20:.0f} MiB (pimgraph.rdf.io.DEFAULT_MAX_BYTES)"
            )
        return size

    # -- queries ------------------------------------------------------------------------------
    def bind(self, query: dict, size: Size) -> tuple[dict[str, str], str]:
        """The parameter values given to pimgraph, and the query text with the same values as a
        VALUES block (what pimgraph's Oxigraph engine sends), for the raw floor."""
        from rdflib import Variable

        from pimgraph.graph.values import with_values_block
        from pimgraph.sparql.binding import to_term
        from pimgraph.sparql.catalogue import get

        stored = get(query["id"])
        params: dict[str, str] = {}
        bindings = {}
        for parameter in stored.parameters:
            if parameter.name == "lang":  # pimgraph binds the reader's --lang (en) by default
                bindings[Variable(parameter.variable)] = to_term(parameter, "en")
                continue
            if not parameter.required:
                continue
            value = size.examples.get(parameter.name)
            if value is None:
                raise LookupError(
                    f"not run: no example value for the required parameter "
                    f"{parameter.name!r} (add one to bench/suite.py)"
                )
            params[parameter.name] = value
            bindings[Variable(parameter.variable)] = to_term(parameter, value)
        return params, with_values_block(stored.text, bindings)

    def raw_query(
        self, text: str, files: list[str], name: str, policy: Policy | None = None
    ) -> Measurement:
        """The raw floor: pyoxigraph alone loads ``files`` and runs ``text``."""
        from pimgraph.core.namespaces import PREFIXES

        folder = self.fresh_dir("raw")
        query_file = folder / f"{name}.rq"
        query_file.write_text(text, encoding="utf-8")
        prefixes = folder / "prefixes.json"
        prefixes.write_text(json.dumps(PREFIXES), encoding="utf-8")
        command = [
            sys.executable,
            str(BENCH / "raw_floor.py"),
            str(query_file),
            str(prefixes),
            *files,
        ]
        shown = f"python bench/raw_floor.py {name}.rq (pyoxigraph: bulk_load + query)"
        measurement, _ = self.measure(command, shown=shown, check=rows_check, policy=policy)
        return measurement

    # -- the bundled assets ---------------------------------------------------------------------
    def data_files(self) -> list[str]:
        from pimgraph.core import resources

        return [str(p) for p in resources.data_paths() + resources.submission_paths()]

    def graph_files(self) -> list[str]:
        """What pimgraph's engine loads besides --data: the ontology and the bundled data."""
        from pimgraph.core import resources

        return [str(resources.ontology_path()), *self.data_files()]

    def pyshacl_command(self, files: list[Path]) -> list[str]:
        from pimgraph.core import resources

        return [
            *self.pyshacl,
            "-s",
            str(resources.shapes_path()),
            "-e",
            str(resources.ontology_path()),
            "-i",
            "none",
            "-a",
            "-w",
            *self.data_files(),
            *(str(f) for f in files),
        ]

    # -- housekeeping ---------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Run each kind of command once on the bundled graph, unmeasured: byte code compiles."""
        cache = self.fresh_dir("cache")
        env = {**self.env, "PIMGRAPH_CACHE_DIR": str(cache)}
        site = self.tmp / "warm-up-site"
        commands = [
            [*self.pimgraph, "--help"],
            [*self.pimgraph, "queries"],
            [*self.pimgraph, "query", "--file", str(LOAD_QUERY)],
            [*self.pimgraph, "explore", "similar", ID + "city/slupsk"],
            [*self.pimgraph, "validate"],
            self.pyshacl_command([]),
            [*self.pimgraph, "publish", "--out", str(site)],
        ]
        for command in commands:
            subprocess.run(command, env=env, cwd=self.tmp, capture_output=True, timeout=600)
        self.raw_query(
            LOAD_QUERY.read_text(encoding="utf-8"), self.graph_files(), "warm-up", Policy(repeat=1)
        )
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    def drop_caches(self) -> None:
        for folder in self.tmp.glob("cache-*"):
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _clean(run: Run) -> None:
    if run.stdout is not None:
        shutil.rmtree(run.stdout.parent, ignore_errors=True)
