# Two commands on a fresh machine: `make run` and `make test`. Each builds .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-bundled check lint bench example package clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## The desktop studio on the bundled example course (`make check` prints its check report).
run: $(STAMP)
	$(BIN)/studio gui

## The whole test suite, headless (Qt offscreen), plus the architecture contracts.
test: $(STAMP)
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

## The media tests (and doctor) again with the bundled imageio-ffmpeg binary forced: PATH's
## ffmpeg and ffprobe are ignored, so probing goes through PyAV as on a machine without ffmpeg.
test-bundled: $(STAMP)
	STUDIO_FFMPEG_SOURCE=bundled $(BIN)/studio doctor
	STUDIO_FFMPEG_SOURCE=bundled QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/media tests/export tests/test_example_media.py tests/test_doctor.py

## The example course's check report.
check: $(STAMP)
	$(BIN)/studio check resources/example/course.yaml

## Benchmarks (ratios against baselines measured in the same run).
bench: $(STAMP)
	$(BIN)/python -m bench

## Regenerate the example course's media (small, synthetic; committed).
example: $(STAMP)
	$(BIN)/python resources/example/make_media.py

package: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,package]'
	$(BIN)/pyinstaller --noconfirm build.spec

clean:
	rm -rf $(VENV) build dist .pytest_cache
