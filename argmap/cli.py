"""The `argmap` command: a thin layer over the library.

Each command parses its options and calls one public function of `argmap`.
Heavy modules (networkx, graphviz) are imported inside the commands, so
`argmap --help` starts fast.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from contextlib import contextmanager

import click

from argmap.errors import ArgmapError, Diagnostic, Flood
from argmap.formats import READ_FORMATS, WRITE_FORMATS

DEFAULT_MAP = "argmap.json"
RENDER_FORMATS = ("svg", "png", "pdf", "dot", "html")
WARNINGS_SHOWN = 20
"""Warnings of one kind printed before the rest are only counted (--all-warnings prints them all)."""


def reports_errors(command):
    """Turn ArgmapError into `FILE:LINE:COL: error: ...` lines and exit 1: never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from argmap import output as outputs  # the safe writer's imports are not needed for --help

        try:
            with outputs.run():  # what the command reads, it may not overwrite
                return command(*args, **kwargs)
        except ArgmapError as err:
            for diagnostic in err.diagnostics:
                say(str(diagnostic), err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `argmap ... | head`: the reader left, nothing to say
            outputs.silence_stdout()
            sys.exit(1)
        except OSError as err:
            if err.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
                raise
            click.echo(str(outputs.stdout_failed(err)), err=True)  # click.echo to a full stdout
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as err:  # a bug of ours: still one line, the traceback on request
            if os.environ.get("ARGMAP_DEBUG"):
                raise
            say(f"argmap: internal error: {type(err).__name__}: {err} (set ARGMAP_DEBUG=1 for the traceback, and please report it)", err=True)
            sys.exit(2)

    return wrapper


def as_json_text(data) -> str:
    """What --json prints: indented, with essay text as it is written (not \\u-escaped)."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


def say(text: str, err: bool = False, nl: bool = True) -> None:
    """Print a report for people: document text in it cannot drive the terminal (see escape.terminal_text)."""
    from argmap.escape import terminal_text

    click.echo(terminal_text(text), err=err, nl=nl)


def report_warnings(warnings, strict: bool, flood: Flood) -> bool:
    """Print warnings (as errors under --strict), the first of each kind only; return True if the command must fail."""
    if strict:
        warnings = [w._replace(severity="error") for w in warnings]
    shown = flood.admit(warnings)
    if shown:
        say("\n".join(map(str, shown)), err=True)
    return strict and bool(warnings)


def report_held_back(flood: Flood) -> None:
    """`... and 2,146 more 'has no support' warnings (--all-warnings to see them)`, one line per kind."""
    for line in flood.summary():
        say(line, err=True)


def all_warnings_option(command):
    return click.option("--all-warnings", is_flag=True, help=f"Print every warning (by default the first {WARNINGS_SHOWN} of each kind, then how many more).")(command)


def open_source(source: str):
    """The graph in a map, an annotated essay, or any format argmap reads."""
    from argmap import formats

    if source == DEFAULT_MAP and not os.path.exists(source):
        raise ArgmapError(Diagnostic("no map here; run `argmap build ESSAY` first, or give a map or an essay", source))
    return formats.read(source)


@contextmanager
def about(source: str):
    """Name `source` in the errors that come without a file.

    They are about the map read from it: a statement id in --focus, --claim,
    --without or --base that it lacks, a relation it cannot hold.
    """
    try:
        yield
    except ArgmapError as err:
        raise ArgmapError([d if d.path else d._replace(path=source) for d in err.diagnostics]) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="argmap")
def main():
    """Argument maps from annotated essays.

    \b
    Annotate an essay in place ([text]{#id .claim +supported-id}), then:
      argmap build essays/iran-russia.txt        # parse + check, write argmap.json
      argmap render --format svg                 # draw the map
      argmap query --claim "Russia needs Iran"   # what holds it up, what attacks it
    """


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", help="Map file to write ('-' for stdout; default argmap.json). With several documents: a directory (default maps/).")
@click.option("--from", "from_fmt", type=click.Choice(READ_FORMATS), help="Read the input as this format instead of guessing from its name and content.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for several documents (default: one per idle core).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (and write nothing).")
@all_warnings_option
@reports_errors
def build(sources, output, from_fmt, jobs, strict, all_warnings):
    """Parse and check an essay (or a brat, AIF, Argdown or microtexts file), and write its map.

    Given a directory, several files or a glob, build every document in
    parallel into one map each, report each failure, and go on with the rest.

    \b
    Example:
      argmap build essays/iran-russia.txt
      argmap build essays/iran-russia.txt -o - | jq '.nodes | length'
      argmap build corpus/brat/ -o maps/          # every essay in the folder
    """
    files = documents(sources)
    flood = Flood(None if all_warnings else WARNINGS_SHOWN)
    if len(files) == 1 and not any(os.path.isdir(source) for source in sources):
        build_one_map(files[0], output or DEFAULT_MAP, from_fmt, strict, flood)
    else:
        build_corpus(files, output or "maps", from_fmt, jobs, strict, flood)


def documents(paths) -> list[str]:
    """The files PATHS name (a directory: the documents in it); an error naming PATHS if there are none."""
    from argmap import corpus

    files = corpus.expand(list(paths))
    if not files:
        extensions = ", ".join(corpus.DOCUMENT_EXTENSIONS)
        raise ArgmapError(Diagnostic(f"no documents found (argmap reads {extensions})", ", ".join(paths)))
    return files


def build_one_map(source, output, from_fmt, strict, flood):
    from argmap import formats, mapfile, model
    from argmap import output as outputs

    result = formats.load(source, from_fmt)
    failed = report_warnings(result.warnings, strict, flood)
    report_held_back(flood)
    if failed:
        sys.exit(1)
    outputs.write(output, mapfile.chunks(result.graph))
    destination = "stdout" if output == "-" else output
    say(f"{source}: {model.summary(result.graph)} -> {destination}", err=output == "-")


def build_corpus(files, directory, from_fmt, jobs, strict, flood):
    from argmap import corpus

    if directory == "-":
        raise click.UsageError("several documents need -o DIRECTORY, not '-'")
    # On a terminal, everything is built under the progress bar first; elsewhere each map is written as it arrives.
    results = build_with_progress(files, jobs, from_fmt, map_text=True) if sys.stderr.isatty() else \
        corpus.build_each(files, jobs, from_fmt, map_text=True)
    failed = corpus.write_maps(results, files, directory, lambda result: report_warnings(result.warnings, strict, flood),
                               functools.partial(say, err=True))
    report_held_back(flood)
    say(f"built {len(files) - failed} of {len(files)} documents into {directory}/" + (f"; {failed} failed" if failed else ""))
    if failed:
        sys.exit(1)


def build_with_progress(files, jobs, from_fmt, map_text=False):
    """Build documents in parallel, with a progress bar when stderr is a terminal (`corpus.build_many`)."""
    from argmap import corpus

    if sys.stderr.isatty():
        with click.progressbar(length=len(files), label="building", file=sys.stderr) as bar:
            return corpus.build_many(files, jobs=jobs, progress=lambda _: bar.update(1), fmt=from_fmt, map_text=map_text)
    return corpus.build_many(files, jobs=jobs, fmt=from_fmt, map_text=map_text)


@main.command()
@click.argument("essay")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@all_warnings_option
@reports_errors
def check(essay, strict, all_warnings):
    """Check ESSAY (or a map, brat, AIF, Argdown or microtexts file) for errors and warnings without writing anything.

    \b
    Example:
      argmap check essays/iran-russia.txt --strict
    """
    from argmap import formats, model

    result = formats.load(essay)
    flood = Flood(None if all_warnings else WARNINGS_SHOWN)
    failed = report_warnings(result.warnings, strict, flood)
    report_held_back(flood)
    if failed:
        sys.exit(1)
    verdict = f"{len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}" if result.warnings else "ok"
    say(f"{essay}: {model.summary(result.graph)}; {verdict}")


@main.command()
@click.argument("essay")
@reports_errors
def text(essay):
    """Print the plain essay under ESSAY's annotations ('-' for stdin).

    Removing the annotations gives back the original essay byte for byte.
    Given a map, a brat, AIF or microtexts file, it prints the text that
    file's statements point into.

    \b
    Example:
      argmap text essays/iran-russia.txt | diff - original.txt
    """
    from argmap import output as outputs
    from argmap.formats import plain_text

    outputs.write("-", plain_text(essay))


def evaluation_options(command):
    """The options that choose how statements are evaluated (shared by evaluate, render and query)."""
    options = [
        click.option("-s", "--semantics", type=click.Choice(("grounded", "complete", "preferred", "stable")), default="grounded", show_default=True, help="Dung semantics for the status (complete/preferred/stable add credulous and sceptical acceptance)."),
        click.option("-g", "--gradual", type=click.Choice(("dfquad", "hcat")), default="dfquad", show_default=True, help="Gradual strength: DF-QuAD, or the h-categorizer on attacks only."),
        click.option("--framework", "mode", type=click.Choice(("structured", "bipolar", "supported", "attacks-only")), default="structured", show_default=True, help="structured: arguments built through inferences (ASPIC+); the others: Dung frameworks with attacks derived from supports (docs/evaluation.md)."),
        click.option("-b", "--base", "bases", multiple=True, metavar="ID=SCORE", help="Base score in [0, 1] for a statement (repeatable); overrides weight=."),
        click.option("--max-steps", type=click.IntRange(min=1), default=200_000, show_default=True, help="Search budget for complete/preferred/stable; past it the answer is partial."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def evaluation_settings(semantics, gradual, mode, bases, max_steps) -> dict:
    from argmap.evaluation import parse_base_scores

    return {"semantics": semantics, "gradual": gradual, "mode": mode, "base_scores": parse_base_scores(bases), "max_steps": max_steps}


@main.command()
@click.argument("source", default=DEFAULT_MAP)
@click.option("-f", "--format", "fmt", type=click.Choice(RENDER_FORMATS), default="svg", show_default=True)
@click.option("-o", "--output", help="File to write ('-' for stdout). Default: the essay's name with the format's extension.")
@click.option("--focus", metavar="ID", help="Draw only the neighbourhood of this statement.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Relation steps around --focus.")
@click.option("--clusters/--no-clusters", default=None, help="Box statements by section [default: up to 2,000 statements].")
@click.option("--evaluate", "shade", is_flag=True, help="Shade each statement by its strength and tag it in/out/undec.")
@evaluation_options
@reports_errors
def render(source, fmt, output, focus, depth, clusters, shade, semantics, gradual, mode, bases, max_steps):
    """Draw the map in SOURCE (a map or an essay; default argmap.json).

    \b
    Example:
      argmap render --format svg                      # argmap.json -> iran-russia.svg
      argmap render essays/iran-russia.txt -f png -o map.png
      argmap render --focus russia-needs-iran --depth 2
      argmap render --evaluate --semantics preferred
      argmap render essays/iran-russia.txt -f html    # the essay beside its map, one file
    """
    from argmap import output as outputs
    from argmap.draw import draw_dot
    from argmap.render import BOXED_SECTIONS_UP_TO, boxes_sections, to_dot

    settings = evaluation_settings(semantics, gradual, mode, bases, max_steps) if shade or fmt == "html" else None
    graph = open_source(source)
    with about(source):
        if fmt == "html":  # the essay beside the map (argmap/html.py), which draws and evaluates it itself
            from argmap.html import reader
            from argmap.model import neighbourhood

            page = reader(graph if focus is None else neighbourhood(graph, focus, depth), settings, evaluated=shade, clusters=clusters)
        else:
            shades = {}
            if shade:
                from argmap.evaluation import evaluate
                from argmap.render import shading

                shades = shading(evaluate(graph, **settings)["statements"])
            dot = to_dot(graph, focus=focus, depth=depth, clusters=clusters, **shades)
    if clusters is None and focus is None and not boxes_sections(graph):
        say(f"note: sections are not boxed above {BOXED_SECTIONS_UP_TO:,} statements (Graphviz would take minutes to lay them out); --clusters boxes them anyway", err=True)
    data = page if fmt == "html" else draw_dot(dot, fmt)
    if output is None:
        stem = os.path.splitext(os.path.basename(graph.graph.get("source") or source))[0]
        output = f"{stem}.{fmt}"
    outputs.write(output, data)
    if output != "-":
        say(f"wrote {output}")


@main.command()
@click.argument("source")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port to listen on (default: a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; only give another than loopback on a network you trust.")
@click.option("--no-open", is_flag=True, help="Print the URL but do not open a browser.")
@evaluation_options
@reports_errors
def serve(source, port, host, no_open, semantics, gradual, mode, bases, max_steps):
    """Show SOURCE beside its map in the browser, redrawn on every save (Ctrl-C stops).

    SOURCE is an essay (or any file `render` reads); the page updates as you
    edit it in any editor, and shows build errors over the last good map.

    \b
    Example:
      argmap serve essays/iran-russia.txt
      argmap serve essay.txt --port 8000 --no-open
    """
    from argmap.serve import serve as serve_preview

    settings = evaluation_settings(semantics, gradual, mode, bases, max_steps)
    serve_preview(source, host=host, port=port, open_browser=not no_open, settings=settings, echo=say)


@main.command()
@click.argument("source", default=DEFAULT_MAP)
@click.option("-c", "--claim", metavar="TEXT_OR_ID", help="The statement to ask about: an id, a label, or words of its text.")
@click.option("--list", "list_all", is_flag=True, help="List every statement with its id and kind.")
@click.option("--without", metavar="ID[,ID...]", help="What if these statements were removed: which statements change status or strength.")
@click.option("--critical", is_flag=True, help="Rank the premises of --claim by how much removing each alone lowers its strength.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@evaluation_options
@reports_errors
def query(source, claim, list_all, without, critical, as_json, semantics, gradual, mode, bases, max_steps):
    """Ask what supports a statement, what attacks it, and where it leads.

    SOURCE is a map or an essay (default argmap.json).

    \b
    Example:
      argmap query --claim "Russia needs Iran"
      argmap query --claim russia-needs-iran --json
      argmap query --list
      argmap query --claim thesis --without russia-needs-iran
      argmap query --claim alliance-deepens --critical
    """
    from argmap import query as queries
    from argmap.query_text import format_list

    if not claim and not list_all:
        raise click.UsageError("give --claim TEXT_OR_ID or --list")
    settings = evaluation_settings(semantics, gradual, mode, bases, max_steps)
    graph = open_source(source)
    if list_all:
        rows = queries.list_statements(graph)
        click.echo(as_json_text(rows)) if as_json else say(format_list(rows))
        return
    with about(source):
        report, text = queries.claim_report(graph, claim, without, critical, settings)
    click.echo(as_json_text(report)) if as_json else say(text)


@main.command()
@click.argument("source", default=DEFAULT_MAP)
@click.option("-t", "--to", "fmt", required=True, type=click.Choice(WRITE_FORMATS), help="Format to write.")
@click.option("-o", "--output", default="-", show_default=True, help="File to write ('-' for stdout); for brat, the NAME of NAME.txt and NAME.ann.")
@click.option("--from", "from_fmt", type=click.Choice(READ_FORMATS), help="Read SOURCE as this format instead of guessing.")
@reports_errors
def export(source, fmt, output, from_fmt):
    """Write the map in SOURCE (a map, an essay, or brat/AIF/Argdown/microtexts) in another format.

    \b
    Example:
      argmap export --to aif -o map.json
      argmap export corpus/essay001.ann --to argmap -o essay001.txt
      argmap export debate.argdown --to mermaid
    """
    from argmap import formats
    from argmap import output as outputs

    graph = formats.read(source, from_fmt)  # export reports only what the format loses
    data, losses = formats.export(graph, fmt, formats.source_text(graph))
    report_warnings(losses, False, Flood(None))  # one warning per kind of shape the format cannot hold
    if fmt != "brat":
        outputs.write(output, data)
        return
    if output == "-":  # the source's name, unless that would replace the source itself
        stem = os.path.splitext(os.path.basename(graph.graph.get("source") or source))[0]
        if any(outputs.is_input(f"{stem}.{extension}") for extension in ("txt", "ann")):
            stem += "-brat"
    else:
        stem = output[:-4] if output.endswith((".txt", ".ann")) else output
    outputs.write_together({f"{stem}.{extension}": data[extension] for extension in ("txt", "ann")})
    say(f"wrote {stem}.txt and {stem}.ann")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per idle core).")
@click.option("--from", "from_fmt", type=click.Choice(READ_FORMATS), help="Read every file as this format.")
@reports_errors
def stats(paths, as_json, jobs, from_fmt):
    """Count statements, inferences (supports, attacks, undercuts), linked ones, chain depth and unsupported claims per document.

    PATHS are files or directories (every document inside). Files that fail are
    reported and the rest still counted; the exit status is 1 if any failed.

    \b
    Example:
      argmap stats essays/
      argmap stats corpus/brat/ --json > counts.json
    """
    from argmap import corpus

    files = documents(paths)
    results = build_with_progress(files, jobs, from_fmt)
    rows = [(result.path, corpus.stats(result.graph)) for result in results if result.ok]
    for result in results:
        for diagnostic in result.errors:
            say(str(diagnostic), err=True)
    if as_json:
        click.echo(as_json_text([{"document": name, **counts} for name, counts in rows]))
    elif rows:
        say(corpus.format_stats(rows), nl=False)
    if len(rows) < len(results):
        sys.exit(1)


@main.command()
@click.argument("source", default=DEFAULT_MAP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@evaluation_options
@reports_errors
def evaluate(source, as_json, semantics, gradual, mode, bases, max_steps):
    """Say which statements stand (in/out/undec) and how strongly (0 to 1).

    SOURCE is a map or an essay (default argmap.json). docs/evaluation.md
    gives the formulas.

    \b
    Example:
      argmap evaluate essays/iran-russia.txt
      argmap evaluate --semantics preferred --base russia-needs-iran=0.9
      argmap evaluate --gradual hcat --json
    """
    from argmap import evaluation

    settings = evaluation_settings(semantics, gradual, mode, bases, max_steps)
    graph = open_source(source)
    with about(source):
        result = evaluation.evaluate(graph, **settings)
    click.echo(as_json_text(result)) if as_json else say(evaluation.format_table(result), nl=False)


@main.command()
@reports_errors
def lsp():
    """Run the language server over stdin/stdout, for an editor to start (docs/editors.md).

    It reports errors and warnings as you type, completes ids, kinds and
    attributes, and answers hover, go to definition, references, rename and
    outline requests on annotated essays.

    \b
    Example (what an editor runs):
      argmap lsp
    """
    try:
        from argmap.lsp import serve
    except ModuleNotFoundError as err:
        if err.name.split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        raise ArgmapError(f"argmap lsp needs pygls, which is not installed: pip install 'argmap[lsp]'") from None
    serve()
