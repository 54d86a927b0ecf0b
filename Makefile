# The two commands: `make run` (start the app on demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test setup setup-dev browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

run: setup
	$(BIN)/python -m core init --demo
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto

clean:
	rm -rf $(VENV) .pytest_cache
